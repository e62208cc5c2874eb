package com.oauthconfig.deploy.kubernetes;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One rendered overlay, every object parsed into its schema model: fabric8 for Kubernetes kinds,
 * io.strimzi:api for Strimzi kinds, fabric8's monitoring model for prometheus-operator kinds, {@link CnpgCluster} and
 * {@link CnpgScheduledBackup} for CloudNativePG, {@link CertManager} for cert-manager. A kind outside the list,
 * an unknown field anywhere in an object, or a scalar of the wrong type fails the parse.
 */
final class Rendered {

    /** apiVersion + kind → model class; exactly what the manifests may contain. */
    static final Map<String, Class<?>> MODELS = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("kafka.strimzi.io/v1/Kafka", Kafka.class),
            Map.entry("kafka.strimzi.io/v1/KafkaNodePool", KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1/KafkaTopic", KafkaTopic.class),
            Map.entry("kafka.strimzi.io/v1/KafkaUser", KafkaUser.class),
            Map.entry("postgresql.cnpg.io/v1/Cluster", CnpgCluster.class),
            Map.entry("postgresql.cnpg.io/v1/ScheduledBackup", CnpgScheduledBackup.class),
            Map.entry("monitoring.coreos.com/v1/PodMonitor", PodMonitor.class),
            Map.entry("monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class),
            Map.entry("cert-manager.io/v1/Certificate", CertManager.Certificate.class),
            Map.entry("cert-manager.io/v1/Issuer", CertManager.Issuer.class));

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // "3" where the schema wants 3 (or the reverse) is a schema error, not something to coerce.
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            // That feature leaves number/boolean → string alone; the API server refuses 100 where a
            // string field (a CloudNativePG parameter, a ConfigMap value) is declared, so must we.
            .withCoercionConfig(LogicalType.Textual, c -> c
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, Rendered> CACHE = new ConcurrentHashMap<>();

    final String overlay;
    final List<JsonNode> documents;
    final List<Object> objects;

    private Rendered(String overlay, List<JsonNode> documents, List<Object> objects) {
        this.overlay = overlay;
        this.documents = documents;
        this.objects = objects;
    }

    static Rendered of(String overlay) {
        return CACHE.computeIfAbsent(overlay, o -> parse(o, Kustomize.render(o)));
    }

    static Rendered parse(String overlay, String yaml) {
        List<JsonNode> docs = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(yaml)) {
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n != null && !n.isNull() && !n.isEmpty()) {
                    docs.add(n);
                }
            }
        } catch (IOException e) {
            throw new AssertionError(overlay + ": rendered YAML does not parse", e);
        }
        List<Object> objects = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (JsonNode doc : docs) {
            String id = doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
            String where = overlay + ": " + id + " " + doc.path("metadata").path("name").asText();
            Class<?> model = MODELS.get(id);
            if (model == null) {
                errors.add(where + ": no schema model for this apiVersion/kind");
                continue;
            }
            try {
                Object parsed = STRICT.treeToValue(doc, model);
                unknownFields(parsed, where, errors, Collections.newSetFromMap(new IdentityHashMap<>()));
                objects.add(parsed);
            } catch (IOException | IllegalArgumentException e) {
                errors.add(where + ": " + e.getMessage().replaceAll("\\s+", " "));
            }
        }
        if (!errors.isEmpty()) {
            throw new AssertionError("schema violations:\n  " + String.join("\n  ", errors));
        }
        return new Rendered(overlay, docs, objects);
    }

    /**
     * fabric8 and Strimzi models keep unknown fields in {@code additionalProperties} instead of
     * failing; walk the whole object and report every one, with its path.
     */
    static void unknownFields(Object o, String path, List<String> errors, Set<Object> seen) {
        if (o == null || o instanceof CharSequence || o instanceof Number || o instanceof Boolean || o instanceof Enum<?>
                || !seen.add(o)) {
            return;
        }
        if (o instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, errors, seen));
            return;
        }
        if (o instanceof Collection<?> list) {
            int i = 0;
            for (Object v : list) {
                unknownFields(v, path + "[" + i++ + "]", errors, seen);
            }
            return;
        }
        String pkg = o.getClass().getPackageName();
        if (!(pkg.startsWith("io.fabric8.kubernetes.api.model") || pkg.startsWith("io.fabric8.openshift.api.model") || pkg.startsWith("io.strimzi.api") || pkg.startsWith("com.oauthconfig"))) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || m.getDeclaringClass() == Object.class) {
                continue;
            }
            String name = m.getName();
            boolean getter = name.startsWith("get") && name.length() > 3 || o instanceof Record && isRecordComponent(o, name);
            if (!getter) {
                continue;
            }
            Object value;
            try {
                value = m.invoke(o);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            if (name.equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    errors.add(path + ": unknown field(s) " + extra.keySet());
                }
                continue;
            }
            String field = name.startsWith("get") ? Character.toLowerCase(name.charAt(3)) + name.substring(4) : name;
            unknownFields(value, path + "." + field, errors, seen);
        }
    }

    private static boolean isRecordComponent(Object record, String name) {
        for (var c : record.getClass().getRecordComponents()) {
            if (c.getName().equals(name)) {
                return true;
            }
        }
        return false;
    }

    <T> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T named(Class<T> type, String name) {
        return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(overlay + ": no " + type.getSimpleName() + " named " + name));
    }

    CnpgCluster cluster(String name) {
        return all(CnpgCluster.class).stream().filter(c -> c.metadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(overlay + ": no CloudNativePG Cluster named " + name));
    }

    CnpgScheduledBackup scheduledBackup(String name) {
        return all(CnpgScheduledBackup.class).stream().filter(c -> c.metadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(overlay + ": no CloudNativePG ScheduledBackup named " + name));
    }

    CertManager.Certificate certificate(String name) {
        return all(CertManager.Certificate.class).stream().filter(c -> c.metadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(overlay + ": no cert-manager Certificate named " + name));
    }

    CertManager.Issuer issuer(String name) {
        return all(CertManager.Issuer.class).stream().filter(c -> c.metadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(overlay + ": no cert-manager Issuer named " + name));
    }
}
