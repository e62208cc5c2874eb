package com.oauthconfig.contracts.testing;

import com.oauthconfig.contracts.ContractSchema;
import com.oauthconfig.contracts.alias.AliasReferencePage;
import com.oauthconfig.contracts.alias.AliasResolution;
import com.oauthconfig.contracts.alias.AliasStatus;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one stand-in for the credential-alias-service in other services' tests: a real HTTP server
 * answering "where is this config referenced?" ({@code GET /api/orgs/{orgId}/oauth-configs/{configId}/references})
 * and the resolution of a credential name ({@code GET /internal/orgs/{orgId}/solutions/{solutionId}/credentials/resolve?name=})
 * with contract records checked against their schema. Tests say per config or alias what it
 * answers, make it silent (accepts, never answers), failing, or take the port away.
 */
public class FakeAliasService implements QuarkusTestResourceLifecycleManager {

    public static final String URL_PROPERTY = "quarkus.rest-client.credential-alias-service.url";

    private static final PeerFake SERVER = new PeerFake("credential-alias-service");
    private static final Map<String, List<AliasReferencePage.Reference>> REFERENCES = new ConcurrentHashMap<>();
    private static final Set<String> SILENT = ConcurrentHashMap.newKeySet();
    private static final List<JsonObject> CALLERS = new CopyOnWriteArrayList<>();
    private static final Map<String, AliasResolution> ALIASES = new ConcurrentHashMap<>();
    private static final AtomicInteger RESOLVE_REQUESTS = new AtomicInteger();
    private static volatile int resolveFailure;

    @Override
    public Map<String, String> start() {
        return Map.of(URL_PROPERTY, listen());
    }

    @Override
    public void stop() {
        SERVER.close();
    }

    /** Starts listening again (same port) after {@link #stopListening()}; returns the base URL. */
    public static String listen() {
        return SERVER.start(FakeAliasService::handle);
    }

    /** Closes the port: calls now fail with "connection refused". */
    public static void stopListening() {
        SERVER.stopListening();
    }

    /**
     * Runs {@code r} with this fake's port free (e.g. for Pact's mock provider of the consumer pact
     * tests, which then need no application of their own), and listens again afterwards.
     */
    public static void whileStopped(Runnable r) {
        stopListening();
        try {
            r.run();
        } finally {
            listen();
        }
    }

    /** An alias of a solution that points at the config (status OK). */
    public static void reference(UUID configId, String solutionId, UUID credentialId, String name) {
        REFERENCES.computeIfAbsent(configId.toString(), k -> new CopyOnWriteArrayList<>())
                .add(new AliasReferencePage.Reference(solutionId, credentialId, name, AliasStatus.OK));
    }

    /** Calls about this config are accepted but never answered. */
    public static void silentFor(UUID configId) {
        SILENT.add(configId.toString());
    }

    /** The bearer claims of the references calls received about a config. */
    public static List<JsonObject> callersFor(UUID configId) {
        return CALLERS.stream().filter(c -> configId.toString().equals(c.getString("configId"))).toList();
    }

    /** The credential {@code name} of a solution resolves to {@code resolution}. */
    public static void alias(String orgId, String solutionId, String name, AliasResolution resolution) {
        ContractJson.write(ContractSchema.ALIAS_RESOLUTION, resolution);
        ALIASES.put(orgId + "/" + solutionId + "/" + name, resolution);
    }

    /** Every resolution answers {@code status} (e.g. 503) until cleared with 0. */
    public static void failResolutionsWith(int status) {
        resolveFailure = status;
    }

    public static int resolveRequests() {
        return RESOLVE_REQUESTS.get();
    }

    private static void handle(HttpServerRequest req) {
        String[] p = req.path().split("/");
        boolean references = p.length == 7 && "api".equals(p[1]) && "oauth-configs".equals(p[4]) && "references".equals(p[6]);
        boolean resolve = p.length == 8 && "internal".equals(p[1]) && "solutions".equals(p[4]) && "resolve".equals(p[7]);
        if (!"GET".equals(req.method().name()) || !"orgs".equals(p.length > 2 ? p[2] : "") || !(references || resolve)) {
            PeerFake.problem(req, 404, "no such route");
            return;
        }
        if (resolve) {
            RESOLVE_REQUESTS.incrementAndGet();
        }
        JsonObject claims = PeerFake.claims(req);
        if (claims == null) {
            PeerFake.problem(req, 401, "a bearer token is required");
            return;
        }
        if (references) {
            String configId = p[5];
            CALLERS.add(claims.copy().put("configId", configId));
            if (SILENT.contains(configId)) {
                return;
            }
            if (!PeerFake.isService(claims)) {
                PeerFake.problem(req, 403, "SERVICE role or an admin of the organisation required");
                return;
            }
            List<AliasReferencePage.Reference> refs = REFERENCES.getOrDefault(configId, List.of());
            int size = req.getParam("size") == null ? 20 : Integer.parseInt(req.getParam("size"));
            PeerFake.answer(req, ContractSchema.ALIAS_REFERENCES,
                    new AliasReferencePage(refs.stream().limit(size).toList(), 0, size, refs.size()));
            return;
        }
        if (!PeerFake.isService(claims)) {
            PeerFake.problem(req, 403, "this endpoint is for platform services only");
            return;
        }
        if (resolveFailure != 0) {
            PeerFake.problem(req, resolveFailure, "injected failure");
            return;
        }
        String name = req.getParam("name");
        AliasResolution found = name == null ? null : ALIASES.get(p[3] + "/" + p[5] + "/" + name);
        if (found == null) {
            PeerFake.problem(req, 404, "credential not found");
            return;
        }
        PeerFake.answer(req, ContractSchema.ALIAS_RESOLUTION, found);
    }
}
