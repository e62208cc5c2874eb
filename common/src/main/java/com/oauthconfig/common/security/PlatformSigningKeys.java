package com.oauthconfig.common.security;

import com.oauthconfig.common.vertx.CallersContext;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The key ids the platform issuer publishes right now, re-read on a schedule.
 *
 * <p>quarkus-oidc loads the issuer's key set once and re-reads it only when a token names a key id
 * it has never seen, so a key the platform withdrew (leaked, rotated out) would verify tokens until
 * a restart. This set bounds that: a token is trusted only while its {@code kid} is in the set, the
 * set is re-read every {@code platform-auth.jwks.refresh-interval} (5 minutes), and a key id not in
 * it triggers at most one extra read per {@code platform-auth.jwks.min-refetch-interval} (10 s),
 * whoever sends such tokens and however many: no anonymous caller can make this service hammer the
 * issuer. If a read fails the last good set stays (the issuer being down does not lock everyone out).
 */
@ApplicationScoped
public class PlatformSigningKeys {

    private static final Logger LOG = Logger.getLogger(PlatformSigningKeys.class);
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(5);

    private final Optional<String> issuer;
    private final Duration minRefetch;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /** Null until the first successful read. */
    private volatile Set<String> keyIds;
    private volatile Instant lastRead = Instant.EPOCH;
    private volatile URI jwksUri;
    private final AtomicReference<CompletableFuture<Set<String>>> inFlight = new AtomicReference<>();

    public PlatformSigningKeys(@ConfigProperty(name = "quarkus.oidc.auth-server-url") Optional<String> issuer,
                               @ConfigProperty(name = "platform-auth.jwks.min-refetch-interval", defaultValue = "10s") Duration minRefetch) {
        this.issuer = issuer;
        this.minRefetch = minRefetch;
        this.clock = Clock.systemUTC();
    }

    @Scheduled(every = "${platform-auth.jwks.refresh-interval:5m}", delayed = "${platform-auth.jwks.refresh-interval:5m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledRead() {
        return Uni.createFrom().completionStage(read()).replaceWithVoid();
    }

    /** True when the platform issuer publishes this key id now (re-reading it once if it is new to this replica). */
    public Uni<Boolean> trusts(String kid) {
        if (kid == null || issuer.isEmpty()) {
            return Uni.createFrom().item(issuer.isEmpty());
        }
        Set<String> known = keyIds;
        if (known != null && known.contains(kid)) {
            return Uni.createFrom().item(true);
        }
        CompletableFuture<Set<String>> running = inFlight.get();
        if (running == null && Duration.between(lastRead, clock.instant()).compareTo(minRefetch) < 0) {
            return Uni.createFrom().item(false);
        }
        // The read completes on the HTTP client's thread; the caller (authentication of a request)
        // continues on its own Vert.x context, where its request context is active.
        return CallersContext.resumeOnCallersContext(Uni.createFrom().completionStage(running != null ? running : read()))
                .map(published -> published.contains(kid));
    }

    /** Reads the issuer's key set now (one read at a time; callers during a read share it). */
    public CompletableFuture<Set<String>> read() {
        CompletableFuture<Set<String>> mine = new CompletableFuture<>();
        CompletableFuture<Set<String>> running = inFlight.compareAndExchange(null, mine);
        if (running != null) {
            return running;
        }
        lastRead = clock.instant();
        jwksUri().thenCompose(uri -> get(uri).thenApply(PlatformSigningKeys::keyIds))
                .whenComplete((ids, failure) -> {
                    inFlight.set(null);
                    if (failure != null) {
                        LOG.warnf("Could not re-read the platform issuer's keys (%s); keeping the last set",
                                failure.getClass().getSimpleName());
                        Set<String> last = keyIds;
                        mine.complete(last == null ? Set.of() : last);
                    } else {
                        keyIds = ids;
                        mine.complete(ids);
                    }
                });
        return mine;
    }

    private CompletableFuture<URI> jwksUri() {
        if (jwksUri != null) {
            return CompletableFuture.completedFuture(jwksUri);
        }
        String base = issuer.orElseThrow();
        URI discovery = URI.create((base.endsWith("/") ? base : base + "/") + ".well-known/openid-configuration");
        return get(discovery).thenApply(body -> {
            String uri = new JsonObject(body).getString("jwks_uri");
            if (uri == null) {
                throw new IllegalStateException("the discovery document names no jwks_uri");
            }
            jwksUri = URI.create(uri);
            return jwksUri;
        });
    }

    private CompletableFuture<String> get(URI uri) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(HTTP_TIMEOUT).header("Accept", "application/json").GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).thenApply(response -> {
            if (response.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + response.statusCode());
            }
            return response.body();
        });
    }

    private static Set<String> keyIds(String jwks) {
        JsonArray keys = new JsonObject(jwks).getJsonArray("keys");
        Set<String> ids = new HashSet<>();
        if (keys != null) {
            for (int i = 0; i < keys.size(); i++) {
                String kid = keys.getJsonObject(i).getString("kid");
                if (kid != null) {
                    ids.add(kid);
                }
            }
        }
        return Set.copyOf(ids);
    }

    /**
     * Header segments already read, and their {@code kid} (empty: none). An issuer signs with a
     * handful of keys, so the same few headers come with every token; it is asked after a token's
     * signature was verified, and bounded anyway so nothing a caller sends can grow it.
     */
    private static final Map<String, Optional<String>> KEY_ID_OF_HEADER = new ConcurrentHashMap<>();
    private static final int MAX_HEADERS_REMEMBERED = 64;

    /** The {@code kid} of a compact JWS's header, or null (no kid, or not a JWT). */
    public static String keyIdOf(String token) {
        int dot = token == null ? -1 : token.indexOf('.');
        if (dot <= 0) {
            return null;
        }
        String header = token.substring(0, dot);
        Optional<String> known = KEY_ID_OF_HEADER.get(header);
        if (known != null) {
            return known.orElse(null);
        }
        Optional<String> kid;
        try {
            kid = Optional.ofNullable(new JsonObject(new String(Base64.getUrlDecoder().decode(header), StandardCharsets.UTF_8))
                    .getString("kid"));
        } catch (RuntimeException e) {
            return null;
        }
        if (KEY_ID_OF_HEADER.size() < MAX_HEADERS_REMEMBERED) {
            KEY_ID_OF_HEADER.put(header, kid);
        }
        return kid.orElse(null);
    }
}
