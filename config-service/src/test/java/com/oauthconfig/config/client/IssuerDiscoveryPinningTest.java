package com.oauthconfig.config.client;

import com.oauthconfig.common.egress.DnsResolver;
import com.oauthconfig.common.egress.EgressAddresses;
import com.oauthconfig.common.egress.PrivateAddressPolicy;
import com.oauthconfig.common.problem.ProblemException;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * DNS rebinding against the issuer check, with production rules (no private endpoints): the
 * discovery document is fetched from the address that was judged, never from what the name
 * answers at the connect. The attacker's name server answers a public address to the first lookup
 * and this machine to every later one, where a real HTTP server serves a document that would pass.
 */
class IssuerDiscoveryPinningTest {

    private static final String PUBLIC_ADDRESS = "203.0.113.7";

    private Vertx vertx;
    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void serveADocumentOnThisMachine() {
        vertx = Vertx.vertx();
        server = vertx.getDelegate().createHttpServer().requestHandler(req -> {
            requests.incrementAndGet();
            req.response().putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("issuer", "http://" + req.authority().host() + ":" + req.authority().port()).encode());
        }).listen(0, "0.0.0.0").toCompletionStage().toCompletableFuture().join();
    }

    @AfterEach
    void stop() {
        vertx.closeAndAwait();
    }

    @Test
    void anIssuerNameAnsweringPublicToTheCheckAndPrivateToTheFetchIsNeverContacted() throws Exception {
        // A name of this machine that the JVM's own resolver answers with a local address, as an
        // HTTP client resolving the name again at the connect would see it.
        String name = InetAddress.getLocalHost().getHostName();
        assumeFalse(PrivateAddressPolicy.isPrivateLiteral(name), "this machine's name is refused as written");
        Rebinding dns = new Rebinding(name);
        IssuerDiscoveryClient client = new IssuerDiscoveryClient(vertx, new EgressAddresses(dns), 1000, Duration.ofSeconds(60),
                System::nanoTime);
        String issuer = "http://" + name + ":" + server.actualPort();

        ProblemException refused = assertThrows(ProblemException.class,
                () -> client.verify(issuer).await().atMost(Duration.ofSeconds(20)));

        assertEquals("issuer", refused.errors().get(0).field());
        assertEquals(0, requests.get(), "the private address behind the name was never reached");
        assertEquals(1, dns.lookups.get(), "the name was resolved once, for the check and the connection");
    }

    /** The attacker's name server for one name: public at the first lookup, this machine after it. */
    private static final class Rebinding extends DnsResolver {
        private final String name;
        private final AtomicInteger lookups = new AtomicInteger();

        Rebinding(String name) {
            this.name = name;
        }

        @Override
        public List<InetAddress> resolve(String host) {
            if (!host.equalsIgnoreCase(name)) {
                return super.resolve(host);
            }
            try {
                return List.of(InetAddress.getByName(lookups.getAndIncrement() == 0 ? PUBLIC_ADDRESS : "127.0.0.1"));
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
