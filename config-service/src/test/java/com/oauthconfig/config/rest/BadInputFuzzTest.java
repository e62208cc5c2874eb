package com.oauthconfig.config.rest;

import com.oauthconfig.contracts.testing.FakeAliasService;
import com.oauthconfig.contracts.testing.FakeTokenService;
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

import static com.oauthconfig.config.support.Api.admin;
import static com.oauthconfig.config.support.Api.create;
import static com.oauthconfig.config.support.Api.newOrg;
import static com.oauthconfig.config.support.Api.openIdConfig;
import static com.oauthconfig.config.support.Api.registerDomains;
import static com.oauthconfig.config.support.Api.support;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input: thousands of generated invalid and hostile bodies (jqwik arbitraries) to every
 * write endpoint over HTTP — no 5xx, every rejection problem+json, and a rejected write leaves the
 * stored record exactly as it was. {@code -Dfuzz.tries=N} per endpoint (default 500).
 */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "config_service"))
@WithTestResource(FakeAliasService.class)
@WithTestResource(FakeTokenService.class)
class BadInputFuzzTest {

    private static final int TRIES = Integer.getInteger("fuzz.tries", 500);
    private static final List<String> CONFIG_MEMBERS = List.of("name", "title", "type", "imageUrl", "loginHint", "domains",
            "redirectUrls", "clientId", "clientSecret", "issuer", "endpoints", "endpoints.token", "endpoints.authorization",
            "endpoints.jwks", "usePkce", "useNonce", "scopes", "apiHosts", "audience", "tenantId", "ssoEnabled", "ssoEmailAuthoritative", "id", "orgId",
            "version", "clientSecretSet");

    private String lastEtag;
    private final Map<Integer, Integer> statuses = new java.util.TreeMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TestHTTPResource("/")
    URI base;

    @Test
    void generatedHostileBodiesToEveryWriteEndpointNever5xxAlwaysProblemJsonAndChangeNothing() throws Exception {
        String org = newOrg();
        registerDomains(org, "fuzz.example");
        String admin = admin(org);
        String id = create(org, openIdConfig("fuzz.kept"));
        URI configs = base.resolve("api/orgs/" + org + "/oauth-configs");
        URI config = base.resolve("api/orgs/" + org + "/oauth-configs/" + id);
        URI domains = base.resolve("api/orgs/" + org + "/domains");

        String record = get(config, admin);
        String etag = "\"1\"";
        String domainsBefore = get(domains, admin);
        int created = 0;
        var bodies = HostileBodies.from(openIdConfig("fuzz.new"), CONFIG_MEMBERS);
        var domainBodies = HostileBodies.from(Map.of("domains", List.of("fuzz.example")), List.of("domains", "other"));
        var samples = bodies.sampleStream().limit(TRIES * 3L).iterator();
        for (int i = 0; i < TRIES; i++) {
            created += send("POST", configs, admin, "application/json", samples.next(), null) == 201 ? 1 : 0;
            int put = send("PUT", config, admin, "application/json", samples.next(), etag);
            if (put / 100 == 2) {
                get(config, admin);
                etag = lastEtag;
            }
            int patch = send("PATCH", config, admin, "application/merge-patch+json", samples.next(), etag);
            String now = get(config, admin);
            if (put / 100 == 2 || patch / 100 == 2) {
                record = now; // a generated body that happens to be valid is a legitimate change
                etag = lastEtag;
            } else {
                assertEquals(record, now, "a rejected write changed the record");
            }
            int dom = send("PUT", domains, support(), "application/json", domainBodies.sample(), null);
            String domainsNow = get(domains, admin);
            if (dom / 100 == 2) {
                domainsBefore = domainsNow;
            } else {
                assertEquals(domainsBefore, domainsNow, "a rejected domain list changed the stored one");
            }
        }
        String list = get(URI.create(configs + "?size=100"), admin);
        assertEquals(1 + created, com.fasterxml.jackson.databind.json.JsonMapper.builder().build().readTree(list).get("total").asInt(),
                "only accepted creates stored anything");
        System.out.println("BadInputFuzzTest statuses: " + statuses);
        assertEquals(4 * TRIES, statuses.values().stream().mapToInt(Integer::intValue).sum());
        assertTrue(statuses.getOrDefault(400, 0) > 2 * TRIES, "most generated bodies are refused: " + statuses);
    }

    private int send(String method, URI uri, String token, String contentType, String body, String ifMatch) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", contentType);
        if (ifMatch != null) {
            r.header("If-Match", ifMatch);
        }
        HttpResponse<String> response = http.send(r.method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
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
        lastEtag = r.headers().firstValue("ETag").orElse(null);
        return r.body();
    }
}
