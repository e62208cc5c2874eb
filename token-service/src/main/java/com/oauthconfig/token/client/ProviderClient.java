package com.oauthconfig.token.client;

import com.oauthconfig.token.config.TokenServiceConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Raw HTTP exchanges with identity providers: JSON GETs (discovery, JWKS) and form POSTs
 * (token, revocation). Redirects are never followed (a provider endpoint that redirects is
 * wrong, and following would be an SSRF hop); URLs are checked before every call.
 */
@ApplicationScoped
public class ProviderClient {

    /** A provider answer: status, parsed JSON body (empty when not JSON) and Cache-Control. */
    public record Answer(int status, JsonObject body, String cacheControl) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /** Per provider origin: consecutive transient failures and when the breaker opened. */
    private static final class Breaker {
        int failures;
        Instant openedAt;
    }

    private final WebClient web;
    private final TokenServiceConfig settings;
    private final Map<String, Breaker> breakers = new ConcurrentHashMap<>();

    public ProviderClient(Vertx vertx, TokenServiceConfig settings) {
        this.settings = settings;
        this.web = WebClient.create(vertx, new WebClientOptions()
                .setFollowRedirects(false)
                .setConnectTimeout((int) settings.provider().timeout().toMillis())
                .setUserAgent("oauth-platform-token-service"));
    }

    @PreDestroy
    void close() {
        web.close();
    }

    public Uni<Answer> getJson(String url) {
        return guarded(url, resolvedUri(url)
                .chain(uri -> web.getAbs(uri.toString()).putHeader("Accept", "application/json")
                        .timeout(settings.provider().timeout().toMillis()).send()));
    }

    /**
     * POSTs a form; with a client secret it authenticates with HTTP Basic (client_secret_basic,
     * the method every supported provider accepts), otherwise sends client_id in the form.
     */
    public Uni<Answer> postForm(String url, Map<String, String> form, String clientId, String clientSecret) {
        return guarded(url, resolvedUri(url).chain(uri -> {
            MultiMap body = MultiMap.caseInsensitiveMultiMap();
            form.forEach((k, v) -> {
                if (v != null) {
                    body.add(k, v);
                }
            });
            var request = web.postAbs(uri.toString()).putHeader("Accept", "application/json")
                    .timeout(settings.provider().timeout().toMillis());
            if (clientSecret != null && !clientSecret.isEmpty()) {
                String basic = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                        + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8);
                request.putHeader("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
            } else {
                body.add("client_id", clientId);
            }
            return request.sendForm(body);
        }));
    }

    /**
     * A circuit breaker per provider origin: after {@code breaker-failures} consecutive timeouts,
     * connection failures, 5xx or 429 answers, calls fail fast for {@code breaker-open}; then one
     * call is let through, and its outcome closes or re-opens the breaker. Definitive answers
     * (4xx) count as the provider working.
     */
    private Uni<Answer> guarded(String url, Uni<HttpResponse<Buffer>> call) {
        // Deferred: every (re)subscription, including each retry, asks the breaker again.
        return Uni.createFrom().deferred(() -> guardedOnce(url, call));
    }

    private Uni<Answer> guardedOnce(String url, Uni<HttpResponse<Buffer>> call) {
        String origin = origin(url);
        Breaker b = breakers.computeIfAbsent(origin, k -> new Breaker());
        synchronized (b) {
            if (b.openedAt != null) {
                if (b.openedAt.plus(settings.provider().breakerOpen()).isAfter(Instant.now())) {
                    return Uni.createFrom().failure(new ProviderException("provider " + origin + " is failing; circuit open", true, null, 0));
                }
                b.openedAt = null;
                b.failures = settings.provider().breakerFailures() - 1;
            }
        }
        return call.map(ProviderClient::answer)
                .onFailure(f -> !(f instanceof ProviderException)).transform(f -> ProviderException.unreachable(describe(url), f))
                .invoke(answer -> record(b, answer.status() >= 500 || answer.status() == 429))
                .onFailure(f -> f instanceof ProviderException p && p.transientFailure()).invoke(f -> record(b, true));
    }

    private void record(Breaker b, boolean transientFailure) {
        synchronized (b) {
            if (!transientFailure) {
                b.failures = 0;
                b.openedAt = null;
            } else if (++b.failures >= settings.provider().breakerFailures()) {
                b.openedAt = Instant.now();
            }
        }
    }

    private static String origin(String url) {
        try {
            URI u = URI.create(url);
            return u.getScheme() + "://" + u.getAuthority();
        } catch (IllegalArgumentException e) {
            return "(invalid)";
        }
    }

    /** Retries transient failures with exponential backoff and jitter, a bounded number of times. */
    public <T> Uni<T> withRetry(Uni<T> call) {
        Duration delay = settings.provider().retryDelay();
        return call.onFailure(f -> f instanceof ProviderException p && p.transientFailure())
                .retry().withBackOff(delay, delay.multipliedBy(8)).withJitter(0.3)
                .atMost(settings.provider().retries());
    }

    /**
     * {@link #checkedUri} plus, unless private addresses are allowed, a DNS lookup (on a worker
     * thread) refusing names that resolve to loopback, private, link-local or metadata addresses.
     * The HTTP client resolves again when it connects, so a DNS-rebinding attacker with a very short
     * TTL is not fully excluded; network egress rules remain the outer fence.
     */
    public Uni<URI> resolvedUri(String url) {
        Uni<URI> checked = Uni.createFrom().item(() -> checkedUri(url));
        if (settings.provider().allowPrivateAddresses()) {
            return checked;
        }
        return checked.chain(uri -> Uni.createFrom().item(() -> {
            try {
                for (InetAddress a : InetAddress.getAllByName(uri.getHost())) {
                    if (isPrivate(a)) {
                        throw new ProviderException("provider URL " + describe(url) + " resolves to a private address", false, null, 0);
                    }
                }
                return uri;
            } catch (java.net.UnknownHostException e) {
                throw new ProviderException("provider host " + uri.getHost() + " does not resolve", true, null, 0);
            }
        }).runSubscriptionOn(io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool()));
    }

    /**
     * Refuses plain http and loopback/private literal hosts unless the settings allow them
     * (tests and local development do); host names are checked after resolution by {@link #resolvedUri}.
     */
    public URI checkedUri(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new ProviderException("provider URL is not a valid URL", false, null, 0);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (!scheme.equals("https") && !(scheme.equals("http") && settings.provider().allowHttp())) {
            throw new ProviderException("provider URL " + describe(url) + " must use https", false, null, 0);
        }
        if (uri.getHost() == null) {
            throw new ProviderException("provider URL has no host", false, null, 0);
        }
        if (uri.getUserInfo() != null) {
            throw new ProviderException("provider URL must not carry credentials", false, null, 0);
        }
        if (!settings.provider().allowPrivateAddresses() && isPrivateLiteral(uri.getHost())) {
            throw new ProviderException("provider URL " + describe(url) + " points at a private address", false, null, 0);
        }
        return uri;
    }

    public static boolean isPrivate(InetAddress a) {
        byte[] b = a.getAddress();
        boolean uniqueLocalV6 = b.length == 16 && (b[0] & 0xfe) == 0xfc;
        boolean sharedCgnat = b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
        return a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress() || uniqueLocalV6 || sharedCgnat;
    }

    public static boolean isPrivateLiteral(String host) {
        String h = host.toLowerCase();
        if (h.equals("localhost") || h.endsWith(".localhost") || h.equals("metadata.google.internal")) {
            return true;
        }
        if (!h.matches("[0-9.]+") && !h.contains(":") && !h.startsWith("[")) {
            return false;
        }
        try {
            // A literal address: getByName parses it without any DNS lookup.
            return isPrivate(InetAddress.getByName(h.replace("[", "").replace("]", "")));
        } catch (Exception e) {
            return true;
        }
    }

    /** Scheme, host and path only: query strings may carry codes or hints. */
    public static String describe(String url) {
        try {
            URI u = URI.create(url);
            return u.getScheme() + "://" + u.getAuthority() + (u.getPath() == null ? "" : u.getPath());
        } catch (IllegalArgumentException e) {
            return "(invalid URL)";
        }
    }

    private static Answer answer(HttpResponse<Buffer> response) {
        JsonObject body;
        try {
            Buffer b = response.body();
            body = b == null || b.length() == 0 ? new JsonObject() : new JsonObject(b.toString());
        } catch (DecodeException | ClassCastException e) {
            body = new JsonObject();
        }
        return new Answer(response.statusCode(), body, response.getHeader("Cache-Control"));
    }
}
