package com.oauthconfig.token;

import com.oauthconfig.rig.RigResource;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.token.support.Fixtures;
import com.oauthconfig.token.support.Functions;
import com.oauthconfig.token.support.Upstream;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A function's target that dribbles a byte every half second never trips the idle timeout (2 s in
 * tests); the overall deadline ({@code injection.deadline}, 6 s in tests) cuts the call.
 */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "token_service"))
@WithTestResource(FakeConfigService.class)
class InjectionDeadlineTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void aTargetDribblingBytesForeverIsCutAtTheDeadline() throws Exception {
        String org = Fixtures.newOrg();
        Fixtures.signIn("ann", org, Fixtures.register(Fixtures.config(org, "acme-okta")).getString("id"));
        AtomicBoolean targetConnectionClosed = new AtomicBoolean();
        try (Upstream upstream = new Upstream()) {
            upstream.answer(req -> {
                req.connection().closeHandler(v -> targetConnectionClosed.set(true));
                req.response().setChunked(true).putHeader("Content-Type", "text/plain").write("x");
                long timer = upstream.vertx().setPeriodic(500, id -> req.response().write("x"));
                req.response().closeHandler(v -> upstream.vertx().cancelTimer(timer));
            });
            JsonObject call = Functions.call(org, "ann", "acme.oauth.token", "GET", upstream.url("/slow"));
            HttpResponse<InputStream> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("api/functions/execute"))
                    .header("Authorization", "Bearer " + Functions.serviceToken())
                    .header(Functions.USER_TOKEN, Functions.userToken(org, "ann"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(call.encode())).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, r.statusCode(), "the target's answer started");
            // Read as the caller would, so back-pressure never pauses the target (which would trip the idle timeout instead).
            CompletableFuture<Void> read = CompletableFuture.runAsync(() -> {
                try (InputStream in = r.body()) {
                    in.readAllBytes();
                } catch (IOException cut) {
                    // The answer was cut mid-body: what the deadline does to an answer that already started.
                }
            });

            await().atMost(Duration.ofSeconds(30)).until(read::isDone);
            await().atMost(Duration.ofSeconds(30)).untilTrue(targetConnectionClosed);
        }
    }
}
