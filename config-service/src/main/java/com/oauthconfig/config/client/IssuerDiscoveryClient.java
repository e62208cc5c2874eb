package com.oauthconfig.config.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import com.oauthconfig.common.egress.EgressAddresses;
import com.oauthconfig.common.http.CappedBody;
import com.oauthconfig.common.problem.ProblemException;
import com.oauthconfig.common.problem.Problems;
import com.oauthconfig.config.config.ConfigServiceConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.net.SocketAddress;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * Checks an issuer against its own discovery document: the document's {@code issuer} must be
 * identical to the configured one. Redirects are not followed (a redirect could lead to an
 * address the SSRF rules refused); the response is bounded in time and size. Called only after
 * the address rules accepted the issuer. Unless private endpoints are allowed, the issuer's host is
 * resolved and judged once more here and the request connects to exactly that address (the name
 * kept for Host, SNI and the certificate check): a name that answered a public address to the
 * rules and answers a private one at the connect (DNS rebinding) reaches nothing inside.
 * <p>
 * A document that passed is trusted for {@code cacheTtl} per issuer, so creating many
 * configurations of one provider does not fetch it each time. After that it is fetched again,
 * conditionally when the provider sent an {@code ETag} or {@code Last-Modified} (a 304 keeps the
 * verdict), and checked exactly as the first time. Failures are never kept: a provider that is
 * fixed is seen on the next save.
 */
@ApplicationScoped
public class IssuerDiscoveryClient {

    static final String WELL_KNOWN = "/.well-known/openid-configuration";
    private static final int MAX_BYTES = 64 * 1024;
    /** Validators outlive the verdict this many times over, so a later fetch can still be conditional. */
    private static final int VALIDATOR_RETENTION = 10;
    private static final int MAX_ISSUERS = 10_000;

    /** A verdict "this issuer's document names it": when it was last confirmed, and the validators to confirm it again. */
    private record Verified(long confirmedAtNanos, String etag, String lastModified) {
    }

    private final WebClient client;
    /** Null when private endpoints are allowed (development and tests): the client then resolves the name itself. */
    private final EgressAddresses egress;
    private final int timeoutMillis;
    private final long ttlNanos;
    private final Ticker ticker;
    /** By issuer, exactly as configured (an issuer with and without a trailing slash are different issuers). */
    private final Cache<String, Verified> verified;

    @Inject
    public IssuerDiscoveryClient(Vertx vertx, ConfigServiceConfig config, EgressAddresses egress) {
        this(vertx, config.allowPrivateEndpoints() ? null : egress, config.discovery().timeoutMillis(), config.discovery().cacheTtl(),
                Ticker.systemTicker());
    }

    IssuerDiscoveryClient(Vertx vertx, EgressAddresses egress, int timeoutMillis, Duration cacheTtl, Ticker ticker) {
        this.egress = egress;
        this.timeoutMillis = timeoutMillis;
        this.ttlNanos = cacheTtl.toNanos();
        this.ticker = ticker;
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setFollowRedirects(false)
                .setConnectTimeout(timeoutMillis)
                .setUserAgent("config-service"));
        this.verified = Caffeine.newBuilder().maximumSize(MAX_ISSUERS).ticker(ticker)
                .expireAfterWrite(cacheTtl.multipliedBy(VALIDATOR_RETENTION)).build();
    }

    /** The discovery URL of an issuer (OIDC Discovery 1.0 §4: path appended after removing a trailing '/'). */
    public static String discoveryUrl(String issuer) {
        return (issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer) + WELL_KNOWN;
    }

    /** Completes when the issuer's discovery document names exactly this issuer; a 400 naming {@code issuer} otherwise. */
    public Uni<Void> verify(String issuer) {
        Verified known = verified.getIfPresent(issuer);
        if (known != null && ticker.read() - known.confirmedAtNanos() < ttlNanos) {
            return Uni.createFrom().voidItem();
        }
        String url = discoveryUrl(issuer);
        long requestedAt = ticker.read();
        // The request timeout is an idle timeout: a server dribbling bytes never trips it, so the
        // whole exchange (the lookup included) also has a hard deadline, and the body is capped while it is read.
        return request(url)
                .chain(request -> {
                    if (known != null && known.etag() != null) {
                        request.putHeader("If-None-Match", known.etag());
                    } else if (known != null && known.lastModified() != null) {
                        request.putHeader("If-Modified-Since", known.lastModified());
                    }
                    return request.send();
                })
                .ifNoItem().after(Duration.ofMillis(timeoutMillis)).fail()
                .onFailure(e -> !(e instanceof ProblemException)).transform(e -> Problems.invalid("issuer",
                        "its discovery document " + url + " could not be fetched (" + e.getClass().getSimpleName() + ")"))
                .invoke(response -> {
                    if (response.statusCode() == 304 && known != null) {
                        verified.put(issuer, new Verified(requestedAt, known.etag(), known.lastModified()));
                        return;
                    }
                    verified.invalidate(issuer);
                    check(issuer, url, response.statusCode(), response.body());
                    verified.put(issuer, new Verified(requestedAt, response.getHeader("ETag"), response.getHeader("Last-Modified")));
                })
                .replaceWithVoid();
    }

    /** The GET of the document, to the address judged just now unless private endpoints are allowed. */
    private Uni<HttpRequest<Buffer>> request(String url) {
        if (egress == null) {
            return Uni.createFrom().item(() -> client.getAbs(url).timeout(timeoutMillis).as(CappedBody.of(MAX_BYTES)));
        }
        URI uri = URI.create(url);
        return egress.pin(uri.getHost())
                .onFailure(EgressAddresses.RefusedException.class).transform(e -> Problems.invalid("issuer",
                        "host resolves to an address that is not public; only public addresses are allowed"))
                .onFailure(UnknownHostException.class).transform(e -> Problems.invalid("issuer", "host does not resolve"))
                .map(address -> client.requestAbs(HttpMethod.GET, SocketAddress.inetSocketAddress(EgressAddresses.port(uri),
                                address.getHostAddress()), url)
                        .timeout(timeoutMillis).as(CappedBody.of(MAX_BYTES)));
    }

    private static void check(String issuer, String url, int status, Buffer body) {
        if (status != 200) {
            throw Problems.invalid("issuer", "its discovery document " + url + " answered HTTP " + status);
        }
        String named;
        try {
            if (body == null) {
                throw new IllegalArgumentException("empty");
            }
            named = new JsonObject(body.toString()).getString("issuer");
        } catch (RuntimeException e) {
            throw Problems.invalid("issuer", "its discovery document " + url + " is not a JSON object with an issuer");
        }
        if (!issuer.equals(named)) {
            String shown = named == null ? "none" : named.length() > 200 ? named.substring(0, 200) + "…" : named;
            throw Problems.invalid("issuer", "must be identical to the issuer its discovery document names (" + shown + ")");
        }
    }
}
