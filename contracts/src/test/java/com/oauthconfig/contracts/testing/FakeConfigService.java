package com.oauthconfig.contracts.testing;

import com.oauthconfig.contracts.ContractSchema;
import com.oauthconfig.contracts.config.ConfigExistenceAnswer;
import com.oauthconfig.contracts.config.ConfigExistenceQuestion;
import com.oauthconfig.contracts.config.SsoAdmissionAnswer;
import com.oauthconfig.contracts.config.SsoAdmissionQuestion;
import com.oauthconfig.contracts.config.InternalOAuthConfig;
import com.oauthconfig.contracts.config.OAuthConfigChangedEvent;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one stand-in for the config-service in other services' tests: a real HTTP server answering
 * its internal read ({@code GET /internal/orgs/{orgId}/oauth-configs/{id}} and {@code ?title=}), the
 * retired read ({@code .../{id}/retired/{version}}) and the existence call, each with contract
 * records checked against their schema. Like the real service it refuses callers without the
 * SERVICE role, answers 404 problem+json for an unknown config or one of another organisation,
 * gives the decrypted secret (and the retired read) only to the token-service, and keeps what a
 * config was before each re-registration or removal as retired by the next version (until
 * {@link #shredRetired}). Tests register configs and inject failures through the static methods.
 */
public class FakeConfigService implements QuarkusTestResourceLifecycleManager {

    public static final String URL_PROPERTY = "quarkus.rest-client.config-service.url";
    /** The callers the real service shows the secret to (its {@code config-service.secret-readers}). */
    private static final Set<String> SECRET_READERS = Set.of("token-service");

    private static final PeerFake SERVER = new PeerFake("config-service");
    private static final Map<UUID, InternalOAuthConfig> CONFIGS = new ConcurrentHashMap<>();
    /** What a config was before the change with the key's version: "{id}/{version}". */
    private static final Map<String, InternalOAuthConfig> RETIRED = new ConcurrentHashMap<>();
    private static final Map<UUID, Integer> FAILURES = new ConcurrentHashMap<>();
    private static final Map<UUID, String> EVER_REGISTERED = new ConcurrentHashMap<>();
    private static final Set<String> UNREACHABLE_ORGS = ConcurrentHashMap.newKeySet();
    private static final Set<String> MISROUTED_ORGS = ConcurrentHashMap.newKeySet();
    private static final Map<String, AtomicInteger> READS = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();
    private static final AtomicInteger TITLE_READS = new AtomicInteger();
    /** The domain entries of SSO configs, as far as the token-service's SSO tests need them (exact domains and "*"). */
    private static final Map<UUID, Set<String>> SSO_DOMAINS = new ConcurrentHashMap<>();
    private static volatile String lastSubject;

    @Override
    public Map<String, String> start() {
        return Map.of(URL_PROPERTY, SERVER.start(FakeConfigService::handle));
    }

    @Override
    public void stop() {
        SERVER.close();
    }

    /**
     * Runs {@code r} with this fake's port free (e.g. for Pact's mock provider of the consumer pact
     * tests, which then need no application of their own), and listens again afterwards.
     */
    public static void whileStopped(Runnable r) {
        SERVER.stopListening();
        try {
            r.run();
        } finally {
            SERVER.start(FakeConfigService::handle);
        }
    }

    /**
     * Registers (or replaces) a configuration; it must satisfy the contract's schema. Like the
     * config-service, a newer version keeps what the configuration was as retired only when the
     * change may retire users' tokens (it changes a provider field).
     */
    public static InternalOAuthConfig put(InternalOAuthConfig config) {
        ContractJson.write(ContractSchema.OAUTH_CONFIG_INTERNAL, config);
        InternalOAuthConfig previous = CONFIGS.put(config.id(), config);
        if (previous != null && previous.version() < config.version()
                && OAuthConfigChangedEvent.mayRetireTokens(OAuthConfigChangedEvent.ChangeType.UPDATED, providerFieldsChanged(previous, config))) {
            RETIRED.put(config.id() + "/" + config.version(), previous);
        }
        EVER_REGISTERED.put(config.id(), config.orgId());
        return config;
    }

    /** The contract's provider fields whose values differ between two versions (read by their record accessors). */
    private static List<String> providerFieldsChanged(InternalOAuthConfig before, InternalOAuthConfig after) {
        List<String> changed = new ArrayList<>();
        for (String field : OAuthConfigChangedEvent.PROVIDER_FIELDS) {
            try {
                Method accessor = InternalOAuthConfig.class.getMethod(field);
                if (!Objects.equals(accessor.invoke(before), accessor.invoke(after))) {
                    changed.add(field);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("provider field " + field + " is not a member of InternalOAuthConfig", e);
            }
        }
        return changed;
    }

    /** Registers a complete sample configuration of {@code orgId} and returns its id. */
    public static UUID putSample(String orgId) {
        return put(ContractSamples.internalConfig(orgId, UUID.randomUUID())).id();
    }

    /**
     * The config-service removes a configuration (the test sends the event, or not, as if it were
     * lost); what it was stays readable as retired by the next version, the removal's.
     */
    public static void remove(UUID id) {
        InternalOAuthConfig previous = CONFIGS.remove(id);
        if (previous != null) {
            RETIRED.put(id + "/" + (previous.version() + 1), previous);
        }
    }

    /** The grace window of this config's retired copies ends: the retired read answers 404 from now on. */
    public static void shredRetired(UUID id) {
        RETIRED.keySet().removeIf(k -> k.startsWith(id + "/"));
    }

    /** Reads of this config id answer {@code status} (e.g. 503) until cleared with 0. */
    public static void failWith(UUID id, int status) {
        if (status == 0) {
            FAILURES.remove(id);
        } else {
            FAILURES.put(id, status);
        }
    }

    /** Requests about the organisation's configs are cut at the connection level until reachable again. */
    public static void unreachable(String orgId, boolean unreachable) {
        if (unreachable) {
            UNREACHABLE_ORGS.add(orgId);
        } else {
            UNREACHABLE_ORGS.remove(orgId);
        }
    }

    /** Requests about the organisation's configs are answered as by a server that is not the config-service: a bare 404. */
    public static void misrouted(String orgId, boolean misrouted) {
        if (misrouted) {
            MISROUTED_ORGS.add(orgId);
        } else {
            MISROUTED_ORGS.remove(orgId);
        }
    }

    /** Reads accepted (SERVICE callers) about this config id, or {@code "title:" + title}, or an organisation. */
    public static int reads(String key) {
        AtomicInteger n = READS.get(key);
        return n == null ? 0 : n.get();
    }

    public static int reads(UUID id) {
        return reads(id.toString());
    }

    /** Every request about the organisation's configs, answered or dropped. */
    public static int attempts(String orgId) {
        AtomicInteger n = ATTEMPTS.get(orgId);
        return n == null ? 0 : n.get();
    }

    /** Reads by title so far (all titles). */
    public static int titleReads() {
        return TITLE_READS.get();
    }

    /** The domain entries of an SSO configuration: exact domains, or "*" for any. */
    public static void ssoDomains(UUID configId, String... domains) {
        SSO_DOMAINS.put(configId, Set.of(domains));
    }

    /** The subject of the last SERVICE caller. */
    public static String lastSubject() {
        return lastSubject;
    }

    private static void handle(HttpServerRequest req) {
        String[] p = req.path().split("/");
        if (p.length >= 4 && MISROUTED_ORGS.contains(p[3])) {
            ATTEMPTS.computeIfAbsent(p[3], k -> new AtomicInteger()).incrementAndGet();
            req.response().setStatusCode(404).putHeader("Content-Type", "text/html").end("<h1>Not Found</h1>");
            return;
        }
        // POST /internal/orgs/{org}/sso/admissions {"configId","email"}
        if (p.length == 6 && "internal".equals(p[1]) && "sso".equals(p[4]) && "admissions".equals(p[5]) && "POST".equals(req.method().name())) {
            ssoAdmission(req, p[3]);
            return;
        }
        // POST /internal/orgs/{org}/oauth-configs/existence {"ids":[...]}
        if (p.length == 6 && "internal".equals(p[1]) && "oauth-configs".equals(p[4]) && "existence".equals(p[5])
                && "POST".equals(req.method().name())) {
            existence(req, p[3]);
            return;
        }
        // /internal/orgs/{org}/oauth-configs/{id}, /internal/orgs/{org}/oauth-configs?title= and .../{id}/retired/{version}
        boolean byTitle = p.length == 5 && req.getParam("title") != null;
        boolean retired = p.length == 8 && "retired".equals(p[6]);
        if (!"GET".equals(req.method().name()) || (p.length != 6 && !byTitle && !retired) || !"internal".equals(p[1])
                || !"orgs".equals(p[2]) || !"oauth-configs".equals(p[4])) {
            PeerFake.problem(req, 404, "no such route");
            return;
        }
        String org = p[3];
        ATTEMPTS.computeIfAbsent(org, k -> new AtomicInteger()).incrementAndGet();
        if (UNREACHABLE_ORGS.contains(org)) {
            req.connection().close();
            return;
        }
        JsonObject claims = PeerFake.claims(req);
        if (claims == null) {
            PeerFake.problem(req, 401, "a bearer token is required");
            return;
        }
        if (!PeerFake.isService(claims)) {
            PeerFake.problem(req, 403, "this endpoint is for platform services only");
            return;
        }
        lastSubject = claims.getString("sub");
        READS.computeIfAbsent(org, k -> new AtomicInteger()).incrementAndGet();
        InternalOAuthConfig found;
        if (retired) {
            if (!SECRET_READERS.contains(lastSubject)) {
                PeerFake.problem(req, 403, "this endpoint is for the secret readers only");
                return;
            }
            found = RETIRED.get(p[5] + "/" + p[7]);
        } else if (byTitle) {
            String title = req.getParam("title");
            TITLE_READS.incrementAndGet();
            READS.computeIfAbsent("title:" + title, k -> new AtomicInteger()).incrementAndGet();
            found = CONFIGS.values().stream().filter(c -> org.equals(c.orgId())
                    && c.title().toLowerCase(Locale.ROOT).equals(title.toLowerCase(Locale.ROOT))).findFirst().orElse(null);
        } else {
            READS.computeIfAbsent(p[5], k -> new AtomicInteger()).incrementAndGet();
            UUID id;
            try {
                id = UUID.fromString(p[5]);
            } catch (IllegalArgumentException e) {
                PeerFake.problem(req, 404, "OAuth configuration not found");
                return;
            }
            Integer failure = FAILURES.get(id);
            if (failure != null) {
                PeerFake.problem(req, failure, "injected failure");
                return;
            }
            found = CONFIGS.get(id);
        }
        if (found == null || !org.equals(found.orgId())) {
            PeerFake.problem(req, 404, "OAuth configuration not found");
            return;
        }
        Integer failure = FAILURES.get(found.id());
        if (failure != null) {
            PeerFake.problem(req, failure, "injected failure");
            return;
        }
        PeerFake.answer(req, ContractSchema.OAUTH_CONFIG_INTERNAL, SECRET_READERS.contains(lastSubject) ? found : withoutSecret(found));
    }

    /**
     * A stand-in for the config-service's SSO domain rule (its own tests hold the rule): an
     * SSO-enabled config admits an e-mail whose domain is one of its {@link #ssoDomains} exactly, or
     * any with {@code *}. Only the token-service may ask.
     */
    private static void ssoAdmission(HttpServerRequest req, String org) {
        JsonObject claims = PeerFake.claims(req);
        if (claims == null || !PeerFake.isService(claims) || !"token-service".equals(claims.getString("sub"))) {
            PeerFake.problem(req, claims == null ? 401 : 403, "this endpoint is for the token-service only");
            return;
        }
        req.body().onSuccess(body -> {
            List<String> violations = SchemaCheck.violations(ContractSchema.OAUTH_CONFIG_SSO_ADMISSION_QUESTION, body.toString());
            if (!violations.isEmpty()) {
                PeerFake.problem(req, 400, "the question breaks its schema: " + violations);
                return;
            }
            SsoAdmissionQuestion question = ContractJson.read(body.toString(), SsoAdmissionQuestion.class);
            UUID id;
            try {
                id = UUID.fromString(question.configId());
            } catch (IllegalArgumentException e) {
                PeerFake.problem(req, 400, "configId must be a UUID");
                return;
            }
            InternalOAuthConfig config = CONFIGS.get(id);
            if (config == null || !org.equals(config.orgId())) {
                PeerFake.problem(req, 404, "OAuth configuration not found");
                return;
            }
            String email = question.email();
            String domain = email.substring(email.indexOf('@') + 1);
            Set<String> domains = SSO_DOMAINS.getOrDefault(id, Set.of());
            boolean admitted = config.ssoEnabled() && (domains.contains(domain) || domains.contains("*"));
            SsoAdmissionAnswer answer = new SsoAdmissionAnswer(org, id, config.version(), admitted,
                    admitted ? SsoAdmissionAnswer.ADMITTED : config.ssoEnabled() ? "DOMAIN_NOT_ALLOWED" : "SSO_DISABLED",
                    admitted ? (domains.contains(domain) ? "EXACT" : "ANY") : "NONE");
            req.response().putHeader("Content-Type", "application/json")
                    .end(ContractJson.write(ContractSchema.OAUTH_CONFIG_SSO_ADMISSION_ANSWER, answer));
        });
    }

    /**
     * Each asked id is existing (a config of the organisation), removed (was one, is gone) or unknown.
     * The question must satisfy its schema (else the test fails); the answer is checked against its own.
     */
    private static void existence(HttpServerRequest req, String org) {
        ATTEMPTS.computeIfAbsent(org, k -> new AtomicInteger()).incrementAndGet();
        if (UNREACHABLE_ORGS.contains(org)) {
            req.connection().close();
            return;
        }
        if (!PeerFake.isService(PeerFake.claims(req))) {
            PeerFake.problem(req, 403, "this endpoint is for platform services only");
            return;
        }
        req.body().onSuccess(body -> {
            List<String> violations = SchemaCheck.violations(ContractSchema.OAUTH_CONFIG_EXISTENCE_QUESTION, body.toString());
            if (!violations.isEmpty()) {
                // The caller broke the contract: an answer it cannot take for a dependency failure.
                PeerFake.problem(req, 400, "the question breaks its schema: " + violations);
                return;
            }
            ConfigExistenceQuestion question = ContractJson.read(body.toString(), ConfigExistenceQuestion.class);
            List<UUID> existing = new ArrayList<>();
            List<UUID> removed = new ArrayList<>();
            List<UUID> unknown = new ArrayList<>();
            for (String raw : question.ids()) {
                UUID id = UUID.fromString(raw);
                InternalOAuthConfig config = CONFIGS.get(id);
                if (config != null && org.equals(config.orgId())) {
                    existing.add(id);
                } else if (org.equals(EVER_REGISTERED.get(id))) {
                    removed.add(id);
                } else {
                    unknown.add(id);
                }
            }
            PeerFake.answer(req, ContractSchema.OAUTH_CONFIG_EXISTENCE_ANSWER, new ConfigExistenceAnswer(org, existing, removed, unknown));
        });
    }

    private static InternalOAuthConfig withoutSecret(InternalOAuthConfig c) {
        return new InternalOAuthConfig(c.id(), c.orgId(), c.version(), c.name(), c.title(), c.type(), c.clientId(), null,
                c.issuer(), c.endpoints(), c.usePkce(), c.useNonce(), c.scopes(), c.redirectUrls(), c.loginHint(),
                c.apiHosts(), c.audience(), c.tenantId(), c.ssoEnabled(), c.ssoEmailAuthoritative(), c.imageUrl());
    }
}
