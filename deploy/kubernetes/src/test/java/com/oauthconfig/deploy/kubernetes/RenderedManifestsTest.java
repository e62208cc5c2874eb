package com.oauthconfig.deploy.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.KafkaUserTlsClientAuthentication;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Every overlay renders, every object fits its schema model, and the platform's deployment rules hold. */
class RenderedManifestsTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyOverlayRendersIntoTheFullSetOfObjectsEachParsedStrictlyByItsSchemaModel(String overlay) {
        Rendered r = Rendered.of(overlay);
        assertEquals(r.documents.size(), r.objects.size(), "every document parsed");
        for (String svc : Platform.SERVICES.keySet()) {
            r.named(Deployment.class, svc);
            r.named(Service.class, svc);
            r.named(ServiceAccount.class, svc);
            r.named(ConfigMap.class, svc + "-settings");
            r.named(HorizontalPodAutoscaler.class, svc);
            r.named(PodDisruptionBudget.class, svc);
            r.named(NetworkPolicy.class, svc);
            r.named(KafkaUser.class, svc);
            r.cluster(svc + "-db");
        }
        r.named(Deployment.class, Platform.CONSOLE);
        r.named(Service.class, Platform.CONSOLE);
        r.named(ServiceAccount.class, Platform.CONSOLE);
        r.named(ConfigMap.class, Platform.CONSOLE + "-settings");
        r.named(HorizontalPodAutoscaler.class, Platform.CONSOLE);
        r.named(PodDisruptionBudget.class, Platform.CONSOLE);
        r.named(NetworkPolicy.class, Platform.CONSOLE);
        r.named(Kafka.class, Platform.KAFKA);
        for (String topic : List.of("oauth-config-events", "credential-alias-events", "oauth-config-events-dlq")) {
            r.named(KafkaTopic.class, topic);
        }
        assertEquals(1, r.all(Namespace.class).size(), "one namespace");
        String ns = r.all(Namespace.class).get(0).getMetadata().getName();
        assertEquals("restricted", r.all(Namespace.class).get(0).getMetadata().getLabels().get("pod-security.kubernetes.io/enforce"));
        r.documents.stream().filter(d -> !d.path("kind").asText().equals("Namespace"))
                .forEach(d -> assertEquals(ns, d.path("metadata").path("namespace").asText(), "namespaced into " + ns + ": " + d.path("metadata").path("name")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void schemaCheckRejectsUnknownFieldsAndUnknownKinds(String overlay) {
        // The strictness itself is under test: a typo in any model must fail, not be ignored.
        String yaml = Kustomize.render(overlay);
        Rendered.parse("unmutated", yaml);
        assertRejected(yaml, yaml.replaceFirst("readOnlyRootFilesystem: true", "readOnlyRootFileSystem: true"), "readOnlyRootFileSystem");
        assertRejected(yaml, yaml.replaceFirst("\n( *)kraftMetadata: shared", "\n$1kraftMetadata: shared\n$1sizeLimit: 1Gi"), "sizeLimit");
        assertRejected(yaml, yaml.replaceFirst("enableSuperuserAccess: false", "enableSuperUserAccess: false"), "enableSuperUserAccess");
        assertRejected(yaml, yaml.replaceFirst("max_connections: \"(\\d+)\"", "max_connections: $1"), "max_connections");
        assertRejected(yaml, yaml + "---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: kafka\n", "StatefulSet");
    }

    /** The mutation must really change the manifest (else the replace pattern went stale), and the schema check must refuse it by name. */
    private static void assertRejected(String original, String mutated, String mustMention) {
        assertNotEquals(original, mutated, "the mutation introducing " + mustMention + " changed nothing: its pattern no longer matches the rendered YAML");
        AssertionError refused = assertThrows(AssertionError.class, () -> Rendered.parse("mutated", mutated),
                "schema check accepted a manifest with " + mustMention);
        assertTrue(refused.getMessage().contains(mustMention), "error names the offending field " + mustMention + ": " + refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void podsRunAsNonRootWithReadOnlyRootNoPrivilegeEscalationDroppedCapabilitiesAndRuntimeDefaultSeccomp(String overlay) {
        for (Deployment d : Rendered.of(overlay).all(Deployment.class)) {
            String name = d.getMetadata().getName();
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot(), name);
            assertTrue(pod.getSecurityContext().getRunAsUser() != null && pod.getSecurityContext().getRunAsUser() > 0, name + " uid");
            assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType(), name);
            assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken(), name + " mounts no API token");
            assertNotNull(pod.getServiceAccountName(), name);
            assertTrue(pod.getHostNetwork() == null || !pod.getHostNetwork(), name);
            List<Container> all = new ArrayList<>(pod.getContainers());
            if (pod.getInitContainers() != null) {
                all.addAll(pod.getInitContainers());
            }
            for (Container c : all) {
                var sc = c.getSecurityContext();
                assertNotNull(sc, name + "/" + c.getName());
                assertEquals(Boolean.FALSE, sc.getAllowPrivilegeEscalation(), name);
                assertEquals(Boolean.TRUE, sc.getReadOnlyRootFilesystem(), name);
                assertTrue(sc.getPrivileged() == null || !sc.getPrivileged(), name);
                assertEquals(List.of("ALL"), sc.getCapabilities().getDrop(), name);
                assertTrue(sc.getCapabilities().getAdd() == null || sc.getCapabilities().getAdd().isEmpty(), name);
                assertTrue(sc.getRunAsUser() == null || sc.getRunAsUser() > 0, name);
                String tmpVolume = c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp")).findFirst()
                        .orElseThrow(() -> new AssertionError(name + ": /tmp must be a writable mount")).getName();
                Volume tmp = pod.getVolumes().stream().filter(v -> v.getName().equals(tmpVolume)).findFirst().orElseThrow();
                assertNotNull(tmp.getEmptyDir(), name + ": /tmp is an emptyDir");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyServiceContainerProbesSmallryeHealthStartedLiveAndReadyOnItsManagementPort(String overlay) {
        for (Deployment d : Rendered.of(overlay).all(Deployment.class)) {
            Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            int port = Platform.port(d.getMetadata().getName());
            assertEquals(port, c.getPorts().get(0).getContainerPort());
            assertProbe(c.getStartupProbe(), "/q/health/started", c, d);
            assertProbe(c.getLivenessProbe(), "/q/health/live", c, d);
            assertProbe(c.getReadinessProbe(), "/q/health/ready", c, d);
        }
    }

    /** Health lives on the Quarkus management interface (port 9000), not on the API port. */
    private static void assertProbe(Probe probe, String path, Container c, Deployment d) {
        assertNotNull(probe, d.getMetadata().getName() + " probe " + path);
        HTTPGetAction get = probe.getHttpGet();
        assertEquals(path, get.getPath());
        Object port = get.getPort().getStrVal() != null ? get.getPort().getStrVal() : get.getPort().getIntVal();
        assertTrue(c.getPorts().stream().anyMatch(p -> (port.equals(p.getName()) || port.equals(p.getContainerPort()))
                        && p.getContainerPort() == Platform.MANAGEMENT_PORT),
                d.getMetadata().getName() + ": probe port " + port + " is the management port " + Platform.MANAGEMENT_PORT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyContainerRequestsCpuAndMemoryWithAMemoryLimitMarkedProvisionalUntilMeasured(String overlay) {
        for (Deployment d : Rendered.of(overlay).all(Deployment.class)) {
            String name = d.getMetadata().getName();
            var res = d.getSpec().getTemplate().getSpec().getContainers().get(0).getResources();
            Quantity cpu = res.getRequests().get("cpu");
            Quantity memReq = res.getRequests().get("memory");
            Quantity memLim = res.getLimits().get("memory");
            assertNotNull(cpu, name);
            assertNotNull(memReq, name);
            assertNotNull(memLim, name);
            assertTrue(memLim.getNumericalAmount().compareTo(memReq.getNumericalAmount()) >= 0, name + ": limit >= request");
            assertTrue(memReq.getNumericalAmount().compareTo(Quantity.getAmountInBytes(new Quantity("256Mi"))) >= 0, name + ": a JVM service needs >= 256Mi");
            assertEquals("measured", d.getSpec().getTemplate().getMetadata().getAnnotations().get("oauth-platform/resources"),
                    name + ": requests/limits are sized from measured memory");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void noSecretObjectIsRenderedAndNoConfigMapCarriesASecretValue(String overlay) {
        Rendered r = Rendered.of(overlay);
        for (Secret s : r.all(Secret.class)) {
            assertTrue((s.getData() == null || s.getData().isEmpty()) && (s.getStringData() == null || s.getStringData().isEmpty()),
                    "Secret " + s.getMetadata().getName() + " carries literal data");
        }
        assertTrue(r.all(Secret.class).isEmpty(), "secrets are created outside the repository, never rendered");
        for (ConfigMap cm : r.all(ConfigMap.class)) {
            for (var e : cm.getData().entrySet()) {
                assertFalse(e.getKey().matches(Platform.SECRET_NAME), cm.getMetadata().getName() + " holds secret-like key " + e.getKey());
                assertFalse(e.getValue().matches("(?s).*(password=|://[^/@\\s]+:[^/@\\s]+@).*"), cm.getMetadata().getName() + "/" + e.getKey() + " embeds credentials");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyEnvVarComesFromAConfigMapOrSecretOrIsANonSecretLiteral(String overlay) {
        for (Deployment d : Rendered.of(overlay).all(Deployment.class)) {
            for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
                for (EnvVar e : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
                    String where = d.getMetadata().getName() + " env " + e.getName();
                    if (e.getValueFrom() == null) {
                        assertFalse(e.getName().matches(Platform.SECRET_NAME), where + " is a literal but names a secret");
                        continue;
                    }
                    var from = e.getValueFrom();
                    assertTrue(from.getSecretKeyRef() != null || from.getConfigMapKeyRef() != null,
                            where + " references a Secret or ConfigMap");
                    if (e.getName().matches(Platform.SECRET_NAME)) {
                        assertNotNull(from.getSecretKeyRef(), where + " is secret: it comes from a Secret");
                    }
                }
                for (EnvFromSource f : c.getEnvFrom()) {
                    assertTrue(f.getConfigMapRef() != null || f.getSecretRef() != null, d.getMetadata().getName() + " envFrom");
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyReferencedSecretIsGeneratedByAnOperatorForThisServiceOrIsADocumentedExternalSecret(String overlay) {
        Rendered r = Rendered.of(overlay);
        for (Deployment d : r.all(Deployment.class)) {
            String svc = d.getMetadata().getName();
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            Map<String, Set<String>> refs = new HashMap<>();
            for (Container c : pod.getContainers()) {
                for (EnvVar e : c.getEnv()) {
                    if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                        refs.computeIfAbsent(e.getValueFrom().getSecretKeyRef().getName(), k -> new TreeSet<>()).add(e.getValueFrom().getSecretKeyRef().getKey());
                    }
                }
                for (EnvFromSource f : c.getEnvFrom()) {
                    if (f.getSecretRef() != null) {
                        refs.computeIfAbsent(f.getSecretRef().getName(), k -> new TreeSet<>()).add("*");
                    }
                    if (f.getConfigMapRef() != null) {
                        r.named(ConfigMap.class, f.getConfigMapRef().getName());
                    }
                }
            }
            for (Volume v : pod.getVolumes()) {
                if (v.getSecret() != null) {
                    refs.computeIfAbsent(v.getSecret().getSecretName(), k -> new TreeSet<>()).add("volume");
                }
            }
            for (var ref : refs.entrySet()) {
                String name = ref.getKey();
                if (name.equals(svc + "-db-app")) {
                    CnpgCluster db = r.cluster(svc + "-db");
                    assertEquals(Set.of("password", "username"), ref.getValue(), svc + ": keys of the CloudNativePG app secret");
                    assertNotNull(db.spec().bootstrap().initdb().owner());
                } else if (name.equals(svc)) {
                    KafkaUser user = r.named(KafkaUser.class, svc);
                    assertTrue(user.getSpec().getAuthentication() instanceof KafkaUserTlsClientAuthentication);
                    assertEquals(Set.of("user.password", "volume"), ref.getValue(), svc + ": keys of the Strimzi user secret");
                    assertEquals(List.of("user.p12"), volumeKeys(pod, name), svc + ": only the client keystore is mounted");
                } else if (name.equals(Platform.KAFKA + "-cluster-ca-cert") || name.equals(svc + "-db-ca")) {
                    assertEquals(Set.of("volume"), ref.getValue());
                    assertEquals(List.of("ca.crt"), volumeKeys(pod, name), name + ": only the public CA certificate, never the CA key");
                    if (name.equals(svc + "-db-ca")) {
                        r.cluster(svc + "-db");
                    }
                } else if (name.equals(svc + "-tls")) {
                    assertEquals(Set.of("volume"), ref.getValue());
                    assertEquals(List.of("tls.crt", "tls.key", "ca.crt"), volumeKeys(pod, name));
                    assertEquals(name, r.certificate(name).spec().secretName(), "issued by cert-manager");
                } else {
                    assertTrue(Platform.EXTERNAL_SECRETS.contains(name) && name.startsWith(svc), svc + " references undocumented secret " + name);
                }
            }
            if (svc.equals(Platform.CONSOLE)) {
                // No database, no Kafka: its OIDC client secret, its session and CSRF keys, its HTTPS certificate.
                assertEquals(Set.of("console-oidc-client", "console-session", "console-tls"), refs.keySet());
                assertEquals(Set.of("encryption-key", "csrf-key"), refs.get("console-session"));
                continue;
            }
            assertTrue(refs.containsKey(svc + "-db-app") && refs.containsKey(svc) && refs.containsKey(svc + "-oidc-client"),
                    svc + " gets database, Kafka and OIDC credentials from secrets: " + refs.keySet());
        }
    }

    private static List<String> volumeKeys(PodSpec pod, String secretName) {
        return pod.getVolumes().stream().filter(v -> v.getSecret() != null && v.getSecret().getSecretName().equals(secretName))
                .flatMap(v -> v.getSecret().getItems().stream()).map(i -> i.getKey()).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyImageIsPinnedToAVersionOrDigest(String overlay) {
        Rendered r = Rendered.of(overlay);
        List<String> images = new ArrayList<>();
        r.all(Deployment.class).forEach(d -> d.getSpec().getTemplate().getSpec().getContainers().forEach(c -> images.add(c.getImage())));
        r.all(CnpgCluster.class).forEach(c -> images.add(c.spec().imageName()));
        for (String image : images) {
            assertNotNull(image);
            boolean digest = image.matches(".+@sha256:[0-9a-f]{64}");
            String last = image.substring(image.lastIndexOf('/') + 1);
            boolean tag = last.contains(":") && !last.endsWith(":latest") && last.substring(last.indexOf(':') + 1).matches("[0-9][\\w.-]*");
            assertTrue(digest || tag, overlay + ": image not pinned: " + image);
        }
        assertNotNull(r.named(Kafka.class, Platform.KAFKA).getSpec().getKafka().getVersion(), "Kafka version pinned");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void networkPoliciesDenyByDefaultAndLetOnlyTheCallersThroughToEachServicePort(String overlay) {
        Rendered r = Rendered.of(overlay);
        List<NetworkPolicy> policies = r.all(NetworkPolicy.class);
        NetworkPolicy deny = r.named(NetworkPolicy.class, "default-deny");
        assertTrue(deny.getSpec().getPodSelector().getMatchLabels() == null || deny.getSpec().getPodSelector().getMatchLabels().isEmpty());
        assertEquals(Set.of("Ingress", "Egress"), Set.copyOf(deny.getSpec().getPolicyTypes()));
        assertTrue(deny.getSpec().getIngress().isEmpty() && deny.getSpec().getEgress().isEmpty(), "default deny allows nothing");
        NetworkPolicy dns = r.named(NetworkPolicy.class, "allow-dns");
        assertTrue(dns.getSpec().getEgress().get(0).getPorts().stream().allMatch(p -> p.getPort().getIntVal() == 53));

        // Who may open a connection to each service's pods, across ALL policies selecting them.
        // The console calls each service's API with the signed-in person's token (the services decide roles and tenancy).
        Map<String, Set<String>> expectedCallers = Map.of(
                "config-service", Set.of("token-service", "credential-alias-service", Platform.CONSOLE),
                "token-service", Set.of(Platform.CONSOLE),
                "credential-alias-service", Set.of("config-service", "token-service", Platform.CONSOLE));
        for (String svc : Platform.SERVICES.keySet()) {
            Set<String> podCallers = new TreeSet<>();
            Set<String> namespaceCallers = new TreeSet<>();
            for (NetworkPolicy p : policies) {
                if (!selects(p, svc) || p.getSpec().getIngress() == null) {
                    continue;
                }
                for (NetworkPolicyIngressRule rule : p.getSpec().getIngress()) {
                    assertFalse(rule.getFrom() == null || rule.getFrom().isEmpty(), p.getMetadata().getName() + ": ingress from anywhere");
                    boolean monitoring = rule.getFrom().stream().anyMatch(peer -> peer.getNamespaceSelector() != null
                            && peer.getNamespaceSelector().getMatchLabels().containsKey("oauth-platform/monitoring"));
                    if (monitoring) {
                        // Prometheus reaches the management interface and nothing else; nobody else reaches that.
                        assertEquals(1, rule.getFrom().size(), p.getMetadata().getName() + ": the monitoring rule admits only monitoring");
                        assertTrue(rule.getPorts().stream().allMatch(port -> Objects.equals(port.getPort().getIntVal(), Platform.MANAGEMENT_PORT)),
                                p.getMetadata().getName() + ": monitoring reaches only the management port of " + svc);
                    } else {
                        assertTrue(rule.getPorts().stream().allMatch(port -> Objects.equals(port.getPort().getIntVal(), Platform.SERVICES.get(svc))),
                                p.getMetadata().getName() + " opens only the API port of " + svc);
                    }
                    for (NetworkPolicyPeer peer : rule.getFrom()) {
                        assertNull(peer.getIpBlock(), "no address-based ingress to " + svc);
                        if (peer.getNamespaceSelector() != null) {
                            assertNull(peer.getPodSelector());
                            namespaceCallers.addAll(peer.getNamespaceSelector().getMatchLabels().keySet());
                        } else {
                            podCallers.add(peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/name"));
                        }
                    }
                }
            }
            assertEquals(expectedCallers.get(svc), podCallers, "platform callers of " + svc);
            assertEquals(Set.of("oauth-platform/gateway", "oauth-platform/monitoring"), namespaceCallers, "namespaces reaching " + svc);
            NetworkPolicy own = r.named(NetworkPolicy.class, svc);
            assertTrue(own.getSpec().getPolicyTypes().contains("Egress") && !own.getSpec().getEgress().isEmpty(), svc + " egress is an allow-list");
            assertTrue(own.getSpec().getEgress().stream().flatMap(e -> e.getTo().stream()).filter(t -> t.getIpBlock() != null)
                    .allMatch(t -> t.getIpBlock().getExcept().containsAll(List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16"))),
                    svc + ": internet egress excludes private and metadata ranges");
        }
        assertConsolePolicy(r);
        // Kafka's listener (Strimzi turns peers into its policy) admits exactly the three services.
        GenericKafkaListener listener = r.named(Kafka.class, Platform.KAFKA).getSpec().getKafka().getListeners().get(0);
        assertEquals(Platform.SERVICES.keySet(), listener.getNetworkPolicyPeers().stream()
                .map(p -> p.getPodSelector().getMatchLabels().get("app.kubernetes.io/name")).collect(Collectors.toSet()));
        assertTrue(listener.isTls(), "Kafka listener uses TLS");
        // Each database admits its own service and its own replicas.
        for (String svc : Platform.SERVICES.keySet()) {
            NetworkPolicy db = r.named(NetworkPolicy.class, svc + "-db");
            Set<String> from = db.getSpec().getIngress().stream().flatMap(i -> i.getFrom().stream())
                    .map(p -> p.getPodSelector().getMatchLabels().toString()).collect(Collectors.toSet());
            assertEquals(Set.of("{cnpg.io/cluster=" + svc + "-db}", "{app.kubernetes.io/name=" + svc + "}"), from);
        }
    }

    /** Browsers reach the console only through the gateway; the console reaches only the services' APIs and public HTTPS. */
    private static void assertConsolePolicy(Rendered r) {
        NetworkPolicy console = r.named(NetworkPolicy.class, Platform.CONSOLE);
        Map<String, Integer> ingress = new HashMap<>();
        for (NetworkPolicyIngressRule rule : console.getSpec().getIngress()) {
            assertEquals(1, rule.getFrom().size());
            NetworkPolicyPeer peer = rule.getFrom().get(0);
            assertNull(peer.getPodSelector(), "no pod of the platform calls the console");
            assertEquals(1, rule.getPorts().size());
            ingress.put(String.join(",", peer.getNamespaceSelector().getMatchLabels().keySet()), rule.getPorts().get(0).getPort().getIntVal());
        }
        assertEquals(Map.of("oauth-platform/gateway", Platform.CONSOLE_PORT, "oauth-platform/monitoring", Platform.MANAGEMENT_PORT), ingress);
        Map<String, Integer> egress = new HashMap<>();
        for (var rule : console.getSpec().getEgress()) {
            for (NetworkPolicyPeer to : rule.getTo()) {
                if (to.getIpBlock() != null) {
                    assertTrue(to.getIpBlock().getExcept().containsAll(List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16")));
                    egress.put("public", rule.getPorts().get(0).getPort().getIntVal());
                } else {
                    egress.put(to.getPodSelector().getMatchLabels().get("app.kubernetes.io/name"), rule.getPorts().get(0).getPort().getIntVal());
                }
            }
        }
        Map<String, Integer> expected = new HashMap<>(Platform.SERVICES);
        expected.put("public", 443);
        assertEquals(expected, egress, "the console reaches the three APIs and public HTTPS, no database and no Kafka");
    }

    private static boolean selects(NetworkPolicy p, String svc) {
        var sel = p.getSpec().getPodSelector();
        boolean all = (sel.getMatchLabels() == null || sel.getMatchLabels().isEmpty()) && (sel.getMatchExpressions() == null || sel.getMatchExpressions().isEmpty());
        return all || svc.equals(sel.getMatchLabels() == null ? null : sel.getMatchLabels().get("app.kubernetes.io/name"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void kafkaUsersMayProduceAndConsumeExactlyTheirTopicsAndTheirOwnConsumerGroup(String overlay) {
        Rendered r = Rendered.of(overlay);
        Map<String, Set<String>> expected = Map.of(
                "config-service", Set.of("topic:oauth-config-events:Describe", "topic:oauth-config-events:Write"),
                "token-service", Set.of("topic:oauth-config-events:Describe", "topic:oauth-config-events:Read", "group:token-service:Read",
                        "group:token-service-cache-*:Read", "topic:oauth-config-events-dlq-token-service:Describe",
                        "topic:oauth-config-events-dlq-token-service:Write"),
                "credential-alias-service", Set.of("topic:oauth-config-events:Describe", "topic:oauth-config-events:Read",
                        "group:credential-alias-service:Read", "topic:oauth-config-events-dlq:Describe", "topic:oauth-config-events-dlq:Write",
                        "topic:credential-alias-events:Describe", "topic:credential-alias-events:Write"));
        for (var e : expected.entrySet()) {
            assertEquals(new TreeSet<>(e.getValue()), acls(r.named(KafkaUser.class, e.getKey())), e.getKey());
        }
        assertEquals("simple", r.named(Kafka.class, Platform.KAFKA).getSpec().getKafka().getAuthorization().getType());
    }

    static Set<String> acls(KafkaUser user) {
        Set<String> out = new TreeSet<>();
        for (AclRule rule : ((KafkaUserAuthorizationSimple) user.getSpec().getAuthorization()).getAcls()) {
            String resource;
            if (rule.getResource() instanceof AclRuleTopicResource t) {
                assertEquals("literal", t.getPatternType().toValue(), "no prefix or wildcard grants");
                resource = "topic:" + t.getName();
            } else if (rule.getResource() instanceof AclRuleGroupResource g) {
                // A prefix grant is allowed for groups only: per-instance groups (a name ending in the
                // instance id) cannot be named literally. It is written "group:<prefix>*".
                String pattern = g.getPatternType().toValue();
                assertTrue(pattern.equals("literal") || pattern.equals("prefix"), "no wildcard grants");
                resource = "group:" + g.getName() + (pattern.equals("prefix") ? "*" : "");
            } else {
                throw new AssertionError(user.getMetadata().getName() + ": unexpected ACL resource " + rule.getResource());
            }
            rule.getOperations().forEach(op -> out.add(resource + ":" + op.toValue()));
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void topicsAreReplicatedAsFarAsTheBrokersAllowAndHaveAPartitionPerConsumerReplica(String overlay) {
        Rendered r = Rendered.of(overlay);
        int brokers = r.all(KafkaNodePool.class).stream().filter(p -> p.getSpec().getRoles().contains(ProcessRoles.BROKER))
                .mapToInt(p -> p.getSpec().getReplicas()).sum();
        int controllers = r.all(KafkaNodePool.class).stream().filter(p -> p.getSpec().getRoles().contains(ProcessRoles.CONTROLLER))
                .mapToInt(p -> p.getSpec().getReplicas()).sum();
        assertTrue(controllers % 2 == 1, "an odd KRaft quorum");
        r.all(KafkaNodePool.class).forEach(p -> assertEquals(Platform.KAFKA, p.getMetadata().getLabels().get("strimzi.io/cluster")));
        var kafka = r.named(Kafka.class, Platform.KAFKA);
        assertEquals("enabled", kafka.getMetadata().getAnnotations().get("strimzi.io/node-pools"));
        assertEquals("enabled", kafka.getMetadata().getAnnotations().get("strimzi.io/kraft"));
        assertEquals(false, kafka.getSpec().getKafka().getConfig().get("auto.create.topics.enable"));
        for (KafkaTopic t : r.all(KafkaTopic.class)) {
            int replicas = t.getSpec().getReplicas();
            int minIsr = ((Number) t.getSpec().getConfig().get("min.insync.replicas")).intValue();
            assertTrue(replicas <= brokers, t.getMetadata().getName() + ": replicas <= brokers");
            if (brokers >= 3) {
                assertEquals(3, replicas, t.getMetadata().getName());
                assertEquals(2, minIsr, t.getMetadata().getName() + ": one broker may fail without losing acknowledged writes");
            } else {
                assertTrue(minIsr <= replicas);
            }
        }
        if (overlay.equals("prod")) {
            assertTrue(brokers >= 3 && controllers >= 3, "prod tolerates one broker and one controller down");
        }
        int partitions = r.named(KafkaTopic.class, "oauth-config-events").getSpec().getPartitions();
        for (String consumer : List.of("token-service", "credential-alias-service")) {
            int max = r.named(HorizontalPodAutoscaler.class, consumer).getSpec().getMaxReplicas();
            assertTrue(max <= partitions, consumer + ": no more replicas than partitions, or some would idle");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyDeploymentHasItsServiceAutoscalerDisruptionBudgetAndSpreadConstraints(String overlay) {
        Rendered r = Rendered.of(overlay);
        for (Deployment d : r.all(Deployment.class)) {
            String svc = d.getMetadata().getName();
            Map<String, String> podLabels = d.getSpec().getTemplate().getMetadata().getLabels();
            assertTrue(podLabels.entrySet().containsAll(d.getSpec().getSelector().getMatchLabels().entrySet()));
            Service s = r.named(Service.class, svc);
            assertTrue(podLabels.entrySet().containsAll(s.getSpec().getSelector().entrySet()), svc + " Service selects its pods");
            assertEquals("https", s.getSpec().getPorts().get(0).getTargetPort().getStrVal());
            HorizontalPodAutoscaler hpa = r.named(HorizontalPodAutoscaler.class, svc);
            assertEquals("Deployment", hpa.getSpec().getScaleTargetRef().getKind());
            assertEquals(svc, hpa.getSpec().getScaleTargetRef().getName());
            assertTrue(hpa.getSpec().getMinReplicas() >= 1 && hpa.getSpec().getMinReplicas() <= hpa.getSpec().getMaxReplicas());
            assertNull(d.getSpec().getReplicas(), svc + ": the autoscaler, not the Deployment, owns the replica count");
            PodDisruptionBudget pdb = r.named(PodDisruptionBudget.class, svc);
            assertTrue(podLabels.entrySet().containsAll(pdb.getSpec().getSelector().getMatchLabels().entrySet()));
            assertNotNull(pdb.getSpec().getMaxUnavailable());
            var spread = d.getSpec().getTemplate().getSpec().getTopologySpreadConstraints();
            assertEquals(Set.of("topology.kubernetes.io/zone", "kubernetes.io/hostname"),
                    spread.stream().map(t -> t.getTopologyKey()).collect(Collectors.toSet()), svc);
            spread.forEach(t -> assertTrue(podLabels.entrySet().containsAll(t.getLabelSelector().getMatchLabels().entrySet())));
            if (overlay.equals("prod")) {
                assertTrue(hpa.getSpec().getMinReplicas() >= 3, svc + ": prod keeps three replicas");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void shutdownIsGracefulWithinTheTerminationGracePeriod(String overlay) {
        Rendered r = Rendered.of(overlay);
        for (Deployment d : r.all(Deployment.class)) {
            String svc = d.getMetadata().getName();
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            Container c = pod.getContainers().get(0);
            long preStop = c.getLifecycle().getPreStop().getSleep().getSeconds();
            String timeout = r.named(ConfigMap.class, svc + "-settings").getData().get("QUARKUS_SHUTDOWN_TIMEOUT");
            assertNotNull(timeout, svc + ": quarkus.shutdown.timeout is set");
            long shutdown = java.time.Duration.parse("PT" + timeout.toUpperCase()).toSeconds();
            assertTrue(shutdown > 0);
            assertTrue(pod.getTerminationGracePeriodSeconds() > preStop + shutdown,
                    svc + ": grace period " + pod.getTerminationGracePeriodSeconds() + " > preStop " + preStop + " + shutdown " + shutdown);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void eachServiceHasItsOwnPostgresClusterAndDatabaseWhichItsSettingsPointAt(String overlay) {
        Rendered r = Rendered.of(overlay);
        assertEquals(Platform.SERVICES.size(), r.all(CnpgCluster.class).size());
        for (String svc : Platform.SERVICES.keySet()) {
            CnpgCluster c = r.cluster(svc + "-db");
            String db = c.spec().bootstrap().initdb().database();
            assertEquals(db, c.spec().bootstrap().initdb().owner(), "the app secret's user owns the database");
            assertEquals(Boolean.FALSE, c.spec().enableSuperuserAccess());
            assertTrue(Set.of("unsupervised", "supervised").contains(c.spec().primaryUpdateStrategy()));
            assertTrue(Set.of("restart", "switchover").contains(c.spec().primaryUpdateMethod()));
            assertTrue(Set.of("preferred", "required").contains(c.spec().affinity().podAntiAffinityType()));
            assertTrue(c.spec().storage().size().matches("\\d+(Mi|Gi|Ti)"));
            Map<String, String> settings = r.named(ConfigMap.class, svc + "-settings").getData();
            assertTrue(settings.get("DB_REACTIVE_URL").startsWith("postgresql://" + svc + "-db-rw:5432/" + db + "?"), settings.get("DB_REACTIVE_URL"));
            assertTrue(settings.get("DB_JDBC_URL").startsWith("jdbc:postgresql://" + svc + "-db-rw:5432/" + db + "?"), settings.get("DB_JDBC_URL"));
            if (overlay.equals("prod")) {
                assertTrue(c.spec().instances() >= 3, svc + ": primary and two replicas");
                assertEquals("required", c.spec().affinity().podAntiAffinityType());
            }
        }
        assertEquals(Platform.SERVICES.size(), r.all(CnpgCluster.class).stream().map(c -> c.spec().bootstrap().initdb().database()).distinct().count(),
                "one database per service");
    }
}
