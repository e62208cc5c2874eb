package com.oauthconfig.deploy.kubernetes;

import com.oauthconfig.localstack.ServiceJvm;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The services run in the cluster with the JVM settings the local stack and the benchmark run them
 * with ({@link ServiceJvm#FLAGS}), passed through the image's run-java.sh: the flags it does not
 * derive itself go in {@code GC_CONTAINER_OPTIONS}, the metaspace cap in {@code GC_MAX_METASPACE_SIZE},
 * system properties in the image's {@code JAVA_OPTS_APPEND}. The heap's size and free ratios come from
 * the memory limit and the image's defaults instead.
 */
class JvmSettingsAlignmentTest {

    /** What run-java.sh derives from the container's limit, its ratios and its own defaults. */
    private static final Set<String> DERIVED_BY_RUN_JAVA = Set.of("-Xmx", "-Xms", "-XX:MinHeapFreeRatio", "-XX:MaxHeapFreeRatio",
            "-XX:MaxMetaspaceSize");

    @ParameterizedTest
    @ValueSource(strings = {"config-service", "token-service", "credential-alias-service"})
    void deploymentsRunTheServicesWithTheLocalStacksJvmFlags(String svc) {
        Set<String> expected = ServiceJvm.FLAGS.stream().filter(f -> DERIVED_BY_RUN_JAVA.stream().noneMatch(f::startsWith))
                .filter(f -> !f.startsWith("-D")).collect(Collectors.toCollection(TreeSet::new));
        String metaspace = ServiceJvm.FLAGS.stream().filter(f -> f.startsWith("-XX:MaxMetaspaceSize=")).findFirst().orElseThrow()
                .substring("-XX:MaxMetaspaceSize=".length()).replace("m", "");
        for (String overlay : Kustomize.OVERLAYS) {
            Deployment d = Rendered.of(overlay).named(Deployment.class, svc);
            Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            Map<String, String> env = c.getEnv().stream().filter(e -> e.getValue() != null)
                    .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
            Set<String> given = Arrays.stream(env.getOrDefault("GC_CONTAINER_OPTIONS", "").trim().split("\\s+"))
                    .filter(s -> !s.isEmpty()).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(expected, given, overlay + "/" + svc + ": GC_CONTAINER_OPTIONS against ServiceJvm.FLAGS");
            assertEquals(metaspace, env.get("GC_MAX_METASPACE_SIZE"), overlay + "/" + svc + ": GC_MAX_METASPACE_SIZE");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"config-service", "token-service", "credential-alias-service", "console"})
    void imagesSetTheLocalStacksSystemProperties(String svc) {
        Set<String> given = Set.copyOf(DockerfileRecipe.javaOptsAppend(svc));
        for (String property : ServiceJvm.FLAGS.stream().filter(f -> f.startsWith("-D")).toList()) {
            assertTrue(given.contains(property), svc + "'s image: JAVA_OPTS_APPEND lacks " + property);
        }
    }
}
