package com.oauthconfig.alias;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.rig.HostileBodies;
import com.oauthconfig.rig.RigResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static com.oauthconfig.alias.support.Fixtures.admin;
import static com.oauthconfig.alias.support.Fixtures.alias;
import static com.oauthconfig.alias.support.Fixtures.config;
import static com.oauthconfig.alias.support.Fixtures.newOrg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input: generated invalid and hostile bodies (jqwik arbitraries) to both write endpoints
 * over HTTP — no 5xx, every rejection problem+json, and a rejected write leaves the stored credential
 * exactly as it was. {@code -Dfuzz.tries=N} per endpoint (default 750).
 */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "credential_alias_service"))
@WithTestResource(FakeConfigService.class)
class BadInputFuzzTest {

    private static final int TRIES = Integer.getInteger("fuzz.tries", 750);
    private static final List<String> MEMBERS = List.of("name", "type", "oauthConfigId", "id", "orgId", "solutionId",
            "status", "brokenReason", "version");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<Integer, Integer> statuses = new TreeMap<>();

    @TestHTTPResource("/")
    URI base;

    @Test
    void generatedHostileBodiesToEveryWriteEndpointNever5xxAlwaysProblemJsonAndChangeNothing() throws Exception {
        String org = newOrg();
        String admin = admin(org);
        UUID configId = config(org);
        UUID kept = alias(org, "sol-1", "kept", configId);
        URI credentials = base.resolve("api/orgs/" + org + "/solutions/sol-1/credentials");
        URI credential = base.resolve("api/orgs/" + org + "/solutions/sol-1/credentials/" + kept);

        String record = get(credential, admin);
        int created = 0;
        var bodies = HostileBodies.from(Map.of("name", "fuzzed", "type", "OAUTH_ALIAS", "oauthConfigId", configId.toString()), MEMBERS);
        var samples = bodies.sampleStream().limit(TRIES * 2L).iterator();
        for (int i = 0; i < TRIES; i++) {
            created += send("POST", credentials, admin, samples.next()) == 201 ? 1 : 0;
            int put = send("PUT", credential, admin, samples.next());
            String now = get(credential, admin);
            if (put / 100 == 2) {
                record = now; // a generated body that happens to be valid is a legitimate change
            } else {
                assertEquals(record, now, "a rejected write changed the credential");
            }
        }
        String list = get(URI.create(credentials + "?size=200"), admin);
        assertEquals(1 + created, new ObjectMapper().readTree(list).get("total").asInt(), "only accepted creates stored anything");
        System.out.println("BadInputFuzzTest statuses: " + statuses);
        assertEquals(2 * TRIES, statuses.values().stream().mapToInt(Integer::intValue).sum());
        assertTrue(statuses.getOrDefault(400, 0) > TRIES, "most generated bodies are refused: " + statuses);
    }

    private int send(String method, URI uri, String token, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        statuses.merge(status, 1, Integer::sum);
        String shown = body.length() > 300 ? body.substring(0, 300) + "…(" + body.length() + " chars)" : body;
        if (status >= 500) {
            throw new AssertionError(method + " " + uri.getPath() + " answered " + status + " to " + shown + ": " + response.body());
        }
        if (status >= 400 && !response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
            throw new AssertionError(method + " " + uri.getPath() + " answered " + status + " without problem+json to " + shown
                    + ": " + response.headers().map() + " " + response.body());
        }
        return status;
    }

    private String get(URI uri, String token) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }
}
