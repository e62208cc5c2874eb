package com.oauthconfig.token;

import com.oauthconfig.rig.RigResource;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.token.support.Fixtures;
import com.oauthconfig.token.support.Functions;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A herd of requests for a config this replica has not cached yet (right after a deployment, or
 * after a change event evicted it) makes one read at the config-service, not one per request: the
 * waiting requests share the read in flight, so the config-service is not stormed and none of them
 * fails for want of an answer.
 */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "token_service"))
@WithTestResource(FakeConfigService.class)
class ConfigCacheHerdTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final int HERD = 100;

    @TestHTTPResource("/")
    URI base;

    @Test
    void aHerdOfResolvesForAnUncachedConfigReadsItOnceAndEveryRequestIsAnswered() {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.register(Fixtures.config(org, "acme-okta"));
        String title = config.getString("title");
        Fixtures.signIn("ann", org, config.getString("id"));
        String service = Functions.serviceToken();
        int before = FakeConfigService.reads("title:" + title);

        String body = Functions.resolveBody(org, "ann", null, title).encode();
        String annsOwnToken = Functions.userToken(org, "ann");
        List<CompletableFuture<HttpResponse<String>>> herd = IntStream.range(0, HERD)
                .mapToObj(i -> HTTP.sendAsync(HttpRequest.newBuilder(base.resolve("api/tokens/resolve"))
                        .header("Authorization", "Bearer " + service).header(Functions.USER_TOKEN, annsOwnToken)
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString()))
                .toList();
        Map<Integer, Long> statuses = herd.stream().map(CompletableFuture::join)
                .collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));

        assertEquals(Map.of(200, (long) HERD), statuses, "answers of the herd");
        assertEquals(1, FakeConfigService.reads("title:" + title) - before, "config-service reads for the herd");
    }
}
