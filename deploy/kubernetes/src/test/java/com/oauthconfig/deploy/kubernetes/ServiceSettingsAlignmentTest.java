package com.oauthconfig.deploy.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The manifests give each service what its own application.properties reads (read from the
 * service modules, so a renamed variable or a new topic fails here rather than in a cluster).
 */
class ServiceSettingsAlignmentTest {

    /** Variables that the key-ring Secret (envFrom, created outside the repository) supplies. */
    private static final Map<String, Set<String>> KEY_RING_VARS = Map.of(
            "config-service", Set.of("CONFIG_KEK_ACTIVE_ID"),
            "token-service", Set.of("TOKEN_KEK_ACTIVE_ID"));
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(:[^}]*)?}");

    @ParameterizedTest
    @ValueSource(strings = {"config-service", "token-service", "credential-alias-service", "console"})
    void everyEnvironmentVariableTheServiceReadsIsProvidedByItsDeployment(String svc) throws IOException {
        Properties props = properties(svc);
        assertEquals(String.valueOf(Platform.port(svc)), defaultOf(props.getProperty("quarkus.http.port")), svc + " port");
        for (String overlay : Kustomize.OVERLAYS) {
            Rendered r = Rendered.of(overlay);
            Deployment d = r.named(Deployment.class, svc);
            Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            Set<String> provided = new HashSet<>();
            c.getEnv().forEach(e -> provided.add(e.getName()));
            c.getEnvFrom().stream().filter(f -> f.getConfigMapRef() != null)
                    .forEach(f -> provided.addAll(r.named(ConfigMap.class, f.getConfigMapRef().getName()).getData().keySet()));
            boolean keyRing = c.getEnvFrom().stream().anyMatch(f -> f.getSecretRef() != null && f.getSecretRef().getName().equals(svc + "-key-ring"));
            if (keyRing) {
                provided.addAll(KEY_RING_VARS.getOrDefault(svc, Set.of()));
            }
            Set<String> missing = new TreeSet<>();
            for (String key : props.stringPropertyNames()) {
                if (key.startsWith("%dev") || key.startsWith("%test")) {
                    continue;
                }
                Matcher m = PLACEHOLDER.matcher(props.getProperty(key));
                while (m.find()) {
                    String var = m.group(1);
                    // PORT defaults to the container port, which is what the Deployment exposes.
                    if (!var.equals("PORT") && !provided.contains(var)) {
                        missing.add(var + " (" + key + ")");
                    }
                }
            }
            assertTrue(missing.isEmpty(), overlay + "/" + svc + " does not provide " + missing);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"config-service", "token-service", "credential-alias-service"})
    void everyTopicAndConsumerGroupTheServiceUsesExistsAndIsGrantedToItsKafkaUser(String svc) throws IOException {
        Properties props = properties(svc);
        Set<String> needed = new TreeSet<>();
        Pattern channel = Pattern.compile("mp\\.messaging\\.(incoming|outgoing)\\.([^.]+)\\.connector");
        for (String key : props.stringPropertyNames()) {
            Matcher m = channel.matcher(key);
            if (!m.matches()) {
                continue;
            }
            String prefix = "mp.messaging." + m.group(1) + "." + m.group(2) + ".";
            String topic = props.getProperty(prefix + "topic", m.group(2));
            if (m.group(1).equals("incoming")) {
                needed.add("topic:" + topic + ":Read");
                String group = props.getProperty(prefix + "group.id", svc);
                // "name-${quarkus.uuid}": one group per instance, granted by prefix.
                needed.add("group:" + (group.contains("${") ? group.substring(0, group.indexOf("${")) + "*" : group) + ":Read");
                String dlq = props.getProperty(prefix + "dead-letter-queue.topic");
                if (dlq != null) {
                    needed.add("topic:" + dlq + ":Write");
                }
            } else {
                needed.add("topic:" + topic + ":Write");
            }
        }
        // Topics the outbox relay publishes to are named in code, not channels; the contract fixes them.
        if (svc.equals("config-service")) {
            needed.add("topic:oauth-config-events:Write");
        }
        if (props.getProperty("alias.events.topic") != null) {
            needed.add("topic:" + props.getProperty("alias.events.topic") + ":Write");
        }
        for (String overlay : Kustomize.OVERLAYS) {
            Rendered r = Rendered.of(overlay);
            Set<String> granted = RenderedManifestsTest.acls(r.named(KafkaUser.class, svc));
            for (String need : needed) {
                assertTrue(granted.contains(need), overlay + "/" + svc + " needs ACL " + need + ", has " + granted);
                if (need.startsWith("topic:")) {
                    r.named(KafkaTopic.class, need.split(":")[1]);
                }
            }
        }
    }

    static Properties properties(String svc) throws IOException {
        Path file = Kustomize.MODULE.resolve("../../" + svc + "/src/main/resources/application.properties").normalize();
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        return p;
    }

    private static String defaultOf(String value) {
        Matcher m = Pattern.compile("\\$\\{[A-Z_]+:([^}]*)}").matcher(value);
        return m.matches() ? m.group(1) : value;
    }
}
