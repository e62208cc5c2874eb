package com.oauthconfig.deploy.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.openshift.api.model.monitoring.v1.PodMetricsEndpoint;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.strimzi.api.kafka.model.common.metrics.JmxPrometheusExporterMetrics;
import io.strimzi.api.kafka.model.kafka.Kafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Monitoring and backups: every service, database and broker is scraped on the port its pods
 * really name, through what the network policies admit; the alerts cover the platform's failure
 * modes and, like the dashboard, read only metrics that something exposes; every database is
 * backed up on a schedule to an object store whose credentials are documented.
 */
class MonitoringTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The conditions the platform must alert on (deploy/README.md, "Monitoring"). */
    static final Set<String> REQUIRED_ALERTS = Set.of("CircuitBreakerOpen", "OutboxEventsNotDelivered", "EventsDeadLettered",
            "DeadLetterTopicNotEmpty", "CredentialsMissingRatioHigh", "TokenRefreshFailureRatioHigh", "ReadinessFlapping",
            "PostgresBackupTooOld");

    /** kube-state-metrics series the rules read (present in every kube-prometheus installation). */
    static final Set<String> KUBE_STATE_METRICS = Set.of("kube_pod_status_ready");

    /** CloudNativePG exporter defaults the rules read (its built-in collector, not a query). */
    static final Set<String> CNPG_DEFAULTS = Set.of("cnpg_collector_last_available_backup_timestamp");

    /** PromQL words that are not metric names. */
    private static final Set<String> PROMQL = Set.of("sum", "max", "min", "avg", "count", "rate", "increase", "changes", "time",
            "or", "and", "unless", "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "abs", "clamp_min");

    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{[^}]*}");

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyServiceIsScrapedOnTheManagementPortItsPodsNameWhichOnlyTheMonitoringNamespaceReaches(String overlay) {
        Rendered r = Rendered.of(overlay);
        for (String svc : Platform.SERVICES.keySet()) {
            PodMonitor monitor = r.named(PodMonitor.class, svc);
            Deployment d = r.named(Deployment.class, svc);
            Map<String, String> podLabels = d.getSpec().getTemplate().getMetadata().getLabels();
            assertTrue(podLabels.entrySet().containsAll(monitor.getSpec().getSelector().getMatchLabels().entrySet()),
                    svc + ": the PodMonitor's selector matches the pods' labels " + podLabels);
            assertEquals(Map.of("app.kubernetes.io/name", svc), monitor.getSpec().getSelector().getMatchLabels(), svc + " only");
            assertEquals(1, monitor.getSpec().getPodMetricsEndpoints().size());
            PodMetricsEndpoint endpoint = monitor.getSpec().getPodMetricsEndpoints().get(0);
            assertEquals("/q/metrics", endpoint.getPath());
            Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            ContainerPort port = c.getPorts().stream().filter(p -> p.getName().equals(endpoint.getPort())).findFirst()
                    .orElseThrow(() -> new AssertionError(svc + ": the pods name no port " + endpoint.getPort()));
            assertEquals(Platform.MANAGEMENT_PORT, port.getContainerPort(), svc + ": metrics come from the management interface");
            assertEquals(Set.of(Platform.MANAGEMENT_PORT), portsOpenedToMonitoring(r, "app.kubernetes.io/name", svc),
                    svc + ": the monitoring namespace reaches the port the PodMonitor scrapes, and no other");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyDatabaseIsScrapedWithItsOutboxQueriesAndTheExporterPortIsOpenToMonitoringOnly(String overlay) {
        Rendered r = Rendered.of(overlay);
        ConfigMap queries = r.named(ConfigMap.class, "outbox-queries");
        for (String svc : Platform.SERVICES.keySet()) {
            String cluster = svc + "-db";
            PodMonitor monitor = r.named(PodMonitor.class, cluster);
            assertEquals(Map.of("cnpg.io/cluster", cluster), monitor.getSpec().getSelector().getMatchLabels());
            // CloudNativePG names the exporter port of every instance "metrics" (9187).
            assertEquals("metrics", monitor.getSpec().getPodMetricsEndpoints().get(0).getPort());
            assertEquals(Set.of(9187), portsOpenedToMonitoring(r, "cnpg.io/cluster", cluster), cluster + ": exporter open to monitoring only");
            CnpgCluster.Monitoring m = r.cluster(cluster).spec().monitoring();
            assertNotNull(m, cluster + " has monitoring settings");
            if (svc.equals("token-service")) {
                assertTrue(m.customQueriesConfigMap() == null, "the token-service's database keeps no outbox");
                continue;
            }
            assertEquals(List.of(new CnpgCluster.KeyRef("outbox-queries", svc)), m.customQueriesConfigMap());
            JsonNode query = yaml(queries.getData().get(svc)).path("outbox");
            assertTrue(query.path("query").asText().contains("FROM outbox_event"), svc + ": the query reads the outbox");
            assertEquals(List.of(svc.replace('-', '_')), JSON.convertValue(query.path("target_databases"), List.class),
                    svc + ": runs against its own database only");
            assertTrue(query.path("primary").asBoolean(), "on the primary, where the relay deletes rows");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyDatabaseIsBackedUpNightlyToTheObjectStoreWithDocumentedCredentials(String overlay) throws IOException {
        Rendered r = Rendered.of(overlay);
        String readme = Files.readString(Kustomize.MODULE.resolve("../README.md"));
        for (String svc : Platform.SERVICES.keySet()) {
            String cluster = svc + "-db";
            CnpgCluster.Backup backup = r.cluster(cluster).spec().backup();
            assertNotNull(backup, cluster + " has a backup section");
            CnpgCluster.BarmanObjectStore store = backup.barmanObjectStore();
            assertTrue(store.destinationPath().startsWith("s3://"), cluster + ": an S3-compatible destination");
            assertTrue(backup.retentionPolicy().matches("\\d+[dwm]"), cluster + ": retention in CloudNativePG's form");
            for (CnpgCluster.KeyRef ref : List.of(store.s3Credentials().accessKeyId(), store.s3Credentials().secretAccessKey())) {
                assertTrue(readme.contains("`" + ref.name() + "`") && readme.contains(ref.key()),
                        "the object-store secret " + ref.name() + "/" + ref.key() + " is documented in deploy/README.md");
            }
            assertTrue(readme.contains(store.destinationPath()) && readme.contains(store.endpointURL()),
                    "the placeholders " + store.destinationPath() + " and " + store.endpointURL() + " are documented");
            CnpgScheduledBackup scheduled = r.scheduledBackup(cluster + "-nightly");
            assertEquals(cluster, scheduled.spec().cluster().name());
            assertEquals("barmanObjectStore", scheduled.spec().method());
            assertEquals(6, scheduled.spec().schedule().trim().split("\\s+").length, "CloudNativePG's cron has six fields (seconds first)");
            assertFalse(Boolean.TRUE.equals(scheduled.spec().suspend()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void kafkaExportsTheMetricsOfItsRulesConfigMapOnThePortItsPodMonitorScrapes(String overlay) {
        Rendered r = Rendered.of(overlay);
        Kafka kafka = r.named(Kafka.class, Platform.KAFKA);
        JmxPrometheusExporterMetrics metrics = (JmxPrometheusExporterMetrics) kafka.getSpec().getKafka().getMetricsConfig();
        var ref = metrics.getValueFrom().getConfigMapKeyRef();
        ConfigMap rules = r.named(ConfigMap.class, ref.getName());
        assertNotNull(rules.getData().get(ref.getKey()), "the exporter's rules exist under the referenced key");
        assertFalse(kafkaMetricNames(r).isEmpty());
        PodMonitor monitor = r.named(PodMonitor.class, Platform.KAFKA);
        assertEquals(Map.of("strimzi.io/cluster", Platform.KAFKA, "strimzi.io/kind", "Kafka"), monitor.getSpec().getSelector().getMatchLabels());
        // Strimzi names the exporter port of its pods tcp-prometheus (9404) and opens it in its generated policy.
        assertEquals("tcp-prometheus", monitor.getSpec().getPodMetricsEndpoints().get(0).getPort());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theAlertsCoverThePlatformsFailureModesAndReadOnlyMetricsThatAreExposed(String overlay) throws IOException {
        Rendered r = Rendered.of(overlay);
        Map<String, String> alerts = new TreeMap<>();
        for (PrometheusRule rule : r.all(PrometheusRule.class)) {
            for (var group : rule.getSpec().getGroups()) {
                for (Rule a : group.getRules()) {
                    assertNotNull(a.getAlert(), "only alerting rules");
                    assertNotNull(a.getLabels().get("severity"), a.getAlert() + " has a severity");
                    assertNotNull(a.getAnnotations().get("summary"), a.getAlert() + " has a summary");
                    alerts.put(a.getAlert(), a.getExpr().getStrVal());
                }
            }
        }
        assertTrue(alerts.keySet().containsAll(REQUIRED_ALERTS), "required alerts present: " + alerts.keySet());
        Map<String, Set<String>> known = knownMetrics(r);
        String readme = Files.readString(Kustomize.MODULE.resolve("../README.md"));
        alerts.forEach((name, expr) -> {
            Set<String> used = metricsOf(name, expr);
            for (String metric : used) {
                assertTrue(known.containsKey(metric), name + " reads " + metric + ", which nothing exposes (known: " + known.keySet() + ")");
                assertTrue(readme.contains("`" + metric + "`"), name + ": deploy/README.md names the metric " + metric);
            }
            assertTrue(readme.contains("`" + name + "`"), "deploy/README.md lists the alert " + name);
        });
        // The required conditions read the metrics that measure them.
        assertTrue(alerts.get("CircuitBreakerOpen").contains("ft_circuitbreaker_state_current{state=\"open\"}"));
        assertTrue(alerts.get("OutboxEventsNotDelivered").matches("(?s).*cnpg_outbox_oldest_age_seconds\\{.*} *\\) *> *30"));
        assertTrue(alerts.get("DeadLetterTopicNotEmpty").contains("topic=~\"oauth-config-events-dlq.*\""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theDashboardIsValidJsonForTheGrafanaSidecarAndQueriesOnlyExposedMetrics(String overlay) throws IOException {
        Rendered r = Rendered.of(overlay);
        ConfigMap cm = r.named(ConfigMap.class, "oauth-platform-dashboard");
        assertEquals("1", cm.getMetadata().getLabels().get("grafana_dashboard"), "the sidecar's label");
        JsonNode dashboard = JSON.readTree(cm.getData().get("oauth-platform.json"));
        assertEquals("oauth-platform", dashboard.path("uid").asText());
        Map<String, Set<String>> known = knownMetrics(r);
        int queries = 0;
        Set<Integer> ids = new TreeSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertTrue(ids.add(panel.path("id").asInt()), "panel ids are unique");
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                for (String metric : metricsOf(panel.path("title").asText(), expr)) {
                    assertTrue(known.containsKey(metric), panel.path("title").asText() + " reads " + metric + ", which nothing exposes");
                }
                assertTrue(expr.contains("namespace=\"$namespace\""), panel.path("title").asText() + " is scoped to the chosen namespace");
                queries++;
            }
        }
        assertTrue(queries >= 10, "the dashboard shows the platform: " + queries + " queries");
    }

    @Test
    void theServiceMetricsCatalogueListsOnlyServicesThatExist() throws IOException {
        Map<String, Set<String>> catalogue = serviceMetrics();
        assertFalse(catalogue.isEmpty());
        catalogue.forEach((metric, services) -> assertTrue(Platform.SERVICES.keySet().containsAll(services), metric + ": " + services));
    }

    @Test
    void metricNamesAreFoundOnlyInBracedSelectorsAndABareNameIsRefused() {
        assertEquals(Set.of("a_total", "b_seconds"), metricsOf("t", "sum by (pod) (rate(a_total{x=\"y{\"}[5m])) / max(b_seconds{})"));
        AssertionError bare = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> metricsOf("t", "rate(a_total[5m])"));
        assertTrue(bare.getMessage().contains("a_total"), bare.getMessage());
    }

    /** The metric names of an expression; every metric must be written name{...} so none hides as a bare word. */
    static Set<String> metricsOf(String where, String expr) {
        String noStrings = expr.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"");
        Set<String> names = new TreeSet<>();
        Matcher m = SELECTOR.matcher(noStrings);
        while (m.find()) {
            names.add(m.group(1));
        }
        String rest = SELECTOR.matcher(noStrings).replaceAll(" ")
                .replaceAll("\\[[^\\]]*]", " ")
                .replaceAll("(by|without|on|ignoring|group_left|group_right) *\\([^)]*\\)", " ")
                .replaceAll("\"\"", " ");
        Matcher words = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*").matcher(rest);
        while (words.find()) {
            assertTrue(PROMQL.contains(words.group()), where + ": '" + words.group() + "' is neither PromQL nor a braced metric selector in " + expr);
        }
        assertFalse(names.isEmpty(), where + " reads no metric");
        return names;
    }

    /** Metric name → who exposes it: the services (catalogue), CloudNativePG, the Kafka exporter, kube-state-metrics. */
    static Map<String, Set<String>> knownMetrics(Rendered r) throws IOException {
        Map<String, Set<String>> known = new HashMap<>(serviceMetrics());
        KUBE_STATE_METRICS.forEach(n -> known.put(n, Set.of("kube-state-metrics")));
        CNPG_DEFAULTS.forEach(n -> known.put(n, Set.of("cloudnative-pg")));
        ConfigMap queries = r.named(ConfigMap.class, "outbox-queries");
        for (String key : queries.getData().keySet()) {
            yaml(queries.getData().get(key)).fields().forEachRemaining(q -> q.getValue().path("metrics")
                    .forEach(column -> column.fieldNames().forEachRemaining(c -> known.put("cnpg_" + q.getKey() + "_" + c, Set.of("cloudnative-pg")))));
        }
        kafkaMetricNames(r).forEach(n -> known.put(n, Set.of("kafka")));
        return known;
    }

    /** The names the Kafka JMX exporter rules export: each rule names its metric, without templates. */
    static Set<String> kafkaMetricNames(Rendered r) {
        JsonNode config = yaml(r.named(ConfigMap.class, "kafka-metrics").getData().get("kafka-metrics-config.yml"));
        Set<String> names = new TreeSet<>();
        for (JsonNode rule : config.path("rules")) {
            String name = rule.path("name").asText();
            assertFalse(name.isEmpty() || name.contains("$"), "every exporter rule names its metric literally: " + rule);
            names.add(name);
        }
        return names;
    }

    /** base/monitoring/service-metrics.txt: metric → the services exposing it. */
    static Map<String, Set<String>> serviceMetrics() throws IOException {
        Map<String, Set<String>> catalogue = new TreeMap<>();
        for (String line : Files.readAllLines(Kustomize.MODULE.resolve("base/monitoring/service-metrics.txt"))) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] parts = l.split("\\s+");
            catalogue.put(parts[0], Set.of(parts[1].split(",")));
        }
        return catalogue;
    }

    /** Ports of the pods labelled {@code key=value} that an ingress rule opens to the monitoring namespace. */
    private static Set<Integer> portsOpenedToMonitoring(Rendered r, String key, String value) {
        Set<Integer> ports = new TreeSet<>();
        for (NetworkPolicy p : r.all(NetworkPolicy.class)) {
            var sel = p.getSpec().getPodSelector();
            boolean selects = sel.getMatchLabels() != null && value.equals(sel.getMatchLabels().get(key))
                    || sel.getMatchExpressions() != null && sel.getMatchExpressions().stream()
                    .anyMatch(e -> e.getKey().equals(key) && e.getOperator().equals("Exists"));
            if (!selects || p.getSpec().getIngress() == null) {
                continue;
            }
            for (NetworkPolicyIngressRule rule : p.getSpec().getIngress()) {
                boolean monitoring = rule.getFrom().stream().anyMatch(peer -> peer.getNamespaceSelector() != null
                        && Objects.equals("true", peer.getNamespaceSelector().getMatchLabels().get("oauth-platform/monitoring")));
                if (monitoring) {
                    assertEquals(1, rule.getFrom().size(), p.getMetadata().getName() + ": the monitoring rule admits only monitoring");
                    rule.getPorts().forEach(port -> ports.add(port.getPort().getIntVal()));
                }
            }
        }
        return ports;
    }

    private static JsonNode yaml(String text) {
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("does not parse as YAML: " + text, e);
        }
    }
}
