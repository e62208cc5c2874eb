package com.oauthconfig.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.oauthconfig.rig.HostileBodies;
import com.oauthconfig.rig.Rig;
import com.oauthconfig.rig.RigResource;
import com.oauthconfig.contracts.testing.FakeAliasService;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.token.support.Fixtures;
import com.oauthconfig.token.support.Functions;
import com.oauthconfig.token.support.Upstream;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input: generated invalid and hostile bodies (jqwik arbitraries, test-rig {@code HostileBodies})
 * to every token-service endpoint that takes a body — authorize, execute, resolve — over HTTP. No 5xx; every
 * refusal of the request itself is problem+json; the injection endpoints' documented function outcomes
 * (TokenReferenceNotFoundError, OAuthCredentialsMissingError, FunctionNotAllowedError: the contract the apps'
 * error handlers read) are JSON bodies of that catalogue; the org's stored tokens never change, a sign-in
 * transaction exists only for an accepted authorize (the newest {@code sign-in.max-pending}), and a function target is called only for an accepted
 * execute. {@code -Dfuzz.tries=N} per endpoint (default 700).
 */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "token_service"))
@WithTestResource(FakeConfigService.class)
@WithTestResource(FakeAliasService.class)
class BadInputFuzzTest {

    private static final int TRIES = Integer.getInteger("fuzz.tries", 700);
    private static final String TITLE = "acme.oauth.token";
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The function errors (README "Errors of the injection endpoints") a refused injection call may end
     * with instead of problem+json, each with the only status it comes with; written here, not read
     * from the service's enum, so a renamed or re-numbered error fails this test.
     */
    private static final Map<Integer, String> CATALOGUE = Map.of(
            401, "OAuthCredentialsMissingError",
            403, "FunctionNotAllowedError",
            404, "TokenReferenceNotFoundError");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, Map<Integer, Integer>> statuses = new TreeMap<>();
    /** The present user's own platform token (ann of the test's organisation), sent with every injection call. */
    private String userToken;

    @TestHTTPResource("/")
    URI base;

    Upstream upstream;

    @BeforeEach
    void start() {
        upstream = new Upstream();
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    @Test
    void generatedHostileBodiesToEveryBodyTakingEndpointNever5xxAreRefusedAsProblemsAndChangeNothing() throws Exception {
        String org = Fixtures.newOrg();
        // The config allows only the test's own function target: a fuzzed URL elsewhere is refused without a call.
        JsonObject config = Fixtures.register(Fixtures.config(org, "acme-okta")
                .put("apiHosts", new JsonArray().add("localhost:" + upstream.port())));
        String configId = config.getString("id");
        Fixtures.signIn("ann", org, configId);
        String member = Fixtures.userToken("ann", org);
        userToken = member;
        String service = Functions.serviceToken();
        int providerCalls = Rig.oidc().requestCount("acme-okta", "token");
        URI authorize = base.resolve("api/orgs/" + org + "/oauth-configs/" + configId + "/authorize");
        URI execute = base.resolve("api/functions/execute");
        URI resolve = base.resolve("api/tokens/resolve");

        Iterator<String> authorizeBodies = HostileBodies.from(
                Map.of("redirectUrl", Fixtures.REDIRECT, "loginHint", "ann@acme.example", "prompt", "login"),
                List.of("redirectUrl", "loginHint", "prompt")).sampleStream().iterator();
        Map<String, Object> validCall = Map.of("orgId", org, "userId", "ann", "tokenReference", TITLE, "method", "POST",
                "url", upstream.url("/fuzz"), "headers", Map.of("X-Trace", "1"), "query", Map.of("q", "1"), "body", Map.of("a", 1));
        Iterator<String> executeBodies = HostileBodies.from(validCall, List.of("orgId", "userId", "solutionId", "tokenReference",
                "method", "url", "headers", "headers.X-Trace", "query", "query.q", "body", "body.a")).sampleStream().iterator();
        Iterator<String> resolveBodies = HostileBodies.from(Map.of("orgId", org, "userId", "ann", "tokenReference", TITLE,
                "url", upstream.url("/fuzz")), List.of("orgId", "userId", "solutionId", "tokenReference", "url")).sampleStream().iterator();

        try (Connection db = Rig.postgres().connect(Fixtures.DATABASE)) {
            String tokensBefore = tokens(db, org);
            long states = states(db, org);
            long maxPending = 10; // token-service.sign-in.max-pending as documented (README), which the test profile keeps
            int calls = 0;
            for (int i = 0; i < TRIES; i++) {
                int a = send("authorize", authorize, member, authorizeBodies.next(), false);
                // Each accepted authorize starts one transaction; beyond token-service.sign-in.max-pending the oldest goes.
                states = Math.min(maxPending, states + (a == 200 ? 1 : 0));
                int e = send("execute", execute, service, executeBodies.next(), true);
                calls += e / 100 == 2 ? 1 : 0;
                send("resolve", resolve, service, resolveBodies.next(), true);

                assertEquals(states, states(db, org), "a sign-in transaction exists for each accepted authorize only (the newest max-pending of them)");
                assertEquals(calls, upstream.received().size(), "the function target is called for accepted executes only");
                assertEquals(tokensBefore, tokens(db, org), "the org's stored tokens never change");
            }
        }
        assertEquals(providerCalls, Rig.oidc().requestCount("acme-okta", "token"), "no code redeemed, no token refreshed");
        System.out.println("BadInputFuzzTest statuses: " + statuses);
        assertEquals(3 * TRIES, statuses.values().stream().flatMap(m -> m.values().stream()).mapToInt(Integer::intValue).sum());
        for (String endpoint : List.of("authorize", "execute", "resolve")) {
            assertTrue(statuses.get(endpoint).getOrDefault(400, 0) > TRIES / 2, "most generated bodies are refused: " + statuses);
        }
    }

    /**
     * What the generator found, pinned down. A body over 64 KiB got the transport's bare 413 without a body. An
     * orgId or tokenReference that is a lone surrogate escape ({@code "\\ud800"}) broke the REST client's URL
     * encoding of the config-service lookup (StringIndexOutOfBoundsException), which execute reported as 502
     * UpstreamUnreachableError although no target was contacted. A header value with DEL or another control
     * character made Vert.x refuse to send (IllegalArgumentException → the same misleading 502), and one outside
     * ISO-8859-1 (emoji, U+2028) was sent mangled with a 200. A query of 10,000 characters came back as the
     * target's own 414 (passed through) after the user's token had been sent with it.
     */
    @Test
    void oversizedBodiesLoneSurrogateIdsAndUnsendableHeaderValuesAreRefusedAsProblemsBeforeAnyCall() throws Exception {
        String org = Fixtures.newOrg();
        String configId = Fixtures.register(Fixtures.config(org, "acme-okta")).getString("id");
        Fixtures.signIn("ann", org, configId);
        userToken = Fixtures.userToken("ann", org);
        String service = Functions.serviceToken();
        URI execute = base.resolve("api/functions/execute");
        URI resolve = base.resolve("api/tokens/resolve");
        JsonObject call = Functions.call(org, "ann", TITLE, "POST", upstream.url("/found"));

        HttpResponse<String> big = post(execute, service, call.copy().put("body", "x".repeat(70_000)).encode());
        assertProblem(big, 413, null);
        for (String field : List.of("orgId", "userId", "tokenReference")) {
            String raw = call.copy().put(field, "PLACEHOLDER").encode().replace("PLACEHOLDER", "\\ud800");
            assertProblem(post(execute, service, raw), 400, field);
            String resolveRaw = Functions.resolveBody(org, "ann", null, TITLE)
                    .put(field, "PLACEHOLDER").encode().replace("PLACEHOLDER", "\\ud800");
            assertProblem(post(resolve, service, resolveRaw), 400, field);
        }
        for (String value : List.of("\uD83D\uDE00", "\u2028", "\u0100", "x\u007f", "a\u0001b", "tab\tok\u001b[31m")) {
            JsonObject withHeader = call.copy().put("headers", new JsonObject().put("X-Emoji", value));
            assertProblem(post(execute, service, withHeader.encode()), 400, "headers.X-Emoji");
        }
        // A query or header block the target would refuse (414/431) is refused here, before the token travels.
        assertProblem(post(execute, service, call.copy().put("query", new JsonObject().put("q", "x".repeat(10_000))).encode()),
                400, "query");
        assertProblem(post(execute, service, call.copy().put("headers", new JsonObject().put("X-A", "a".repeat(3_000))
                .put("X-B", "b".repeat(3_000)).put("X-C", "c".repeat(3_000))).encode()), 400, "headers");
        assertTrue(upstream.received().isEmpty(), "nothing was sent to the function's target");
        // The same call without the hostile parts goes through.
        assertEquals(200, post(execute, service, call.encode()).statusCode());
        assertEquals(1, upstream.received().size());
    }

    private HttpResponse<String> post(URI uri, String token, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header(Functions.USER_TOKEN, userToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertProblem(HttpResponse<String> r, int status, String field) throws Exception {
        String what = r.statusCode() + " " + r.headers().map() + " " + r.body();
        assertEquals(status, r.statusCode(), what);
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), what);
        JsonNode problem = JSON.readTree(r.body());
        assertEquals(status, problem.path("status").asInt(), what);
        if (field != null) {
            assertEquals(field, problem.path("errors").path(0).path("field").asText(), what);
        }
    }

    private int send(String endpoint, URI uri, String token, String body, boolean injection) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header(Functions.USER_TOKEN, userToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        statuses.computeIfAbsent(endpoint, k -> new TreeMap<>()).merge(status, 1, Integer::sum);
        String shown = body.length() > 300 ? body.substring(0, 300) + "…(" + body.length() + " chars)" : body;
        String what = endpoint + " answered " + status + " to " + shown + ": " + response.headers().map() + " " + response.body();
        if (status >= 500) {
            throw new AssertionError(what);
        }
        if (status >= 400) {
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (type.startsWith("application/problem+json")) {
                JsonNode problem = JSON.readTree(response.body());
                assertEquals(status, problem.path("status").asInt(), what);
            } else if (!(injection && type.startsWith("application/json")
                    && JSON.readTree(response.body()).path("error").path("name").asText().equals(CATALOGUE.get(status)))) {
                throw new AssertionError("neither problem+json nor a catalogued function error: " + what);
            }
        }
        return status;
    }

    private static String tokens(Connection db, String org) throws Exception {
        try (PreparedStatement ps = db.prepareStatement("select t::text from user_token t where org_id = ? order by user_id")) {
            ps.setString(1, org);
            StringBuilder sb = new StringBuilder();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sb.append(rs.getString(1)).append('\n');
                }
            }
            return sb.toString();
        }
    }

    private static long states(Connection db, String org) throws Exception {
        try (PreparedStatement ps = db.prepareStatement("select count(*) from auth_state where org_id = ?")) {
            ps.setString(1, org);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
