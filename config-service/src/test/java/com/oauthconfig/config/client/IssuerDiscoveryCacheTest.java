package com.oauthconfig.config.client;

import com.oauthconfig.common.problem.ProblemException;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The issuer check keeps a passed verdict for its TTL only: within it no discovery request is made;
 * after it the document is fetched again (conditionally when the provider gave a validator) and a
 * changed document is judged as strictly as the first. A real HTTP server serves the document; the
 * clock is the cache's ticker, moved by the test.
 */
class IssuerDiscoveryCacheTest {

    private static final Duration TTL = Duration.ofSeconds(60);

    private Vertx vertx;
    private HttpServer server;
    private String issuer;
    private final AtomicReference<String> namedIssuer = new AtomicReference<>();
    private final AtomicReference<String> etag = new AtomicReference<>();
    private final List<String> ifNoneMatchSeen = new CopyOnWriteArrayList<>();
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private IssuerDiscoveryClient client;

    @BeforeEach
    void serveADiscoveryDocument() {
        vertx = Vertx.vertx();
        server = vertx.getDelegate().createHttpServer().requestHandler(req -> {
            ifNoneMatchSeen.add(String.valueOf(req.getHeader("If-None-Match")));
            String tag = etag.get();
            if (tag != null && tag.equals(req.getHeader("If-None-Match"))) {
                req.response().setStatusCode(304).end();
                return;
            }
            if (tag != null) {
                req.response().putHeader("ETag", tag);
            }
            req.response().putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("issuer", namedIssuer.get()).put("jwks_uri", "https://example.com/jwks").encode());
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        issuer = "http://127.0.0.1:" + server.actualPort() + "/tenant";
        namedIssuer.set(issuer);
        client = new IssuerDiscoveryClient(vertx, null, 3000, TTL, now::get);
    }

    @AfterEach
    void stop() {
        vertx.closeAndAwait();
    }

    @Test
    void aSecondCheckWithinTheTtlMakesNoDiscoveryRequest() {
        client.verify(issuer).await().indefinitely();
        advance(TTL.minusSeconds(1));
        client.verify(issuer).await().indefinitely();
        assertEquals(1, ifNoneMatchSeen.size(), "one discovery request for two checks within the TTL");
    }

    @Test
    void aDocumentChangedAfterTheTtlIsSeenAndRefused() {
        client.verify(issuer).await().indefinitely();
        namedIssuer.set(issuer + "/impostor");
        advance(TTL.plusSeconds(1));
        ProblemException refused = assertThrows(ProblemException.class, () -> client.verify(issuer).await().indefinitely());
        assertEquals("issuer", refused.errors().get(0).field());
        assertTrue(refused.errors().get(0).rule().contains("identical to the issuer its discovery document names"), refused.errors().toString());
        assertEquals(2, ifNoneMatchSeen.size());

        // The refusal is not kept: once the document names the issuer again, the next check passes at once.
        namedIssuer.set(issuer);
        client.verify(issuer).await().indefinitely();
        assertEquals(3, ifNoneMatchSeen.size());
    }

    @Test
    void afterTheTtlADocumentWithAnEtagIsRevalidatedAndA304KeepsTheVerdict() {
        etag.set("\"v1\"");
        client.verify(issuer).await().indefinitely();
        assertEquals("null", ifNoneMatchSeen.get(0), "the first fetch is unconditional");

        advance(TTL.plusSeconds(1));
        client.verify(issuer).await().indefinitely();
        assertEquals("\"v1\"", ifNoneMatchSeen.get(1), "the second fetch names the validator it was given");

        advance(TTL.minusSeconds(1));
        client.verify(issuer).await().indefinitely();
        assertEquals(2, ifNoneMatchSeen.size(), "the 304 renewed the verdict for another TTL");

        // A new version of the document (new ETag) is fetched in full and checked.
        etag.set("\"v2\"");
        namedIssuer.set("https://elsewhere.example.com");
        advance(TTL.plusSeconds(1));
        assertThrows(ProblemException.class, () -> client.verify(issuer).await().indefinitely());
    }

    @Test
    void anIssuerWithATrailingSlashIsItsOwnEntry() {
        client.verify(issuer).await().indefinitely();
        ProblemException refused = assertThrows(ProblemException.class, () -> client.verify(issuer + "/").await().indefinitely());
        assertEquals("issuer", refused.errors().get(0).field());
        assertTrue(refused.errors().get(0).rule().contains("identical to the issuer its discovery document names (" + issuer + ")"),
                "the slash-less verdict does not vouch for the other spelling: " + refused.errors());
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }
}
