package com.oauthconfig.token.provider;

import com.oauthconfig.common.http.CappedBody;
import com.oauthconfig.token.config.TokenServiceConfig;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.oauthconfig.common.egress.PrivateAddressPolicy;
import com.oauthconfig.common.telemetry.Gauges;
import com.oauthconfig.common.egress.EgressAddresses;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.smallrye.mutiny.Uni;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.mutiny.core.net.SocketAddress;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.vertx.mutiny.ext.web.codec.BodyCodec;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Raw HTTP exchanges with identity providers: JSON GETs (discovery, JWKS) and form POSTs
 * (token, revocation). Redirects are never followed (a provider endpoint that redirects is
 * wrong, and following would be an SSRF hop); URLs are checked before every call.
 */
@ApplicationScoped
public class ProviderHttpClient {

    /** A provider answer: status, parsed JSON body (empty when not JSON) and Cache-Control. */
    public record Answer(int status, JsonObject body, String cacheControl) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /** Per provider endpoint: consecutive transient failures and when the breaker opened. */
    private static final class Breaker {
        int failures;
        Instant openedAt;
        /** The one call let through after the open period is under way. */
        boolean probing;
    }

    /** A checked provider URL and the address to connect to (null when private addresses are allowed: dev and test). */
    public record Target(URI uri, InetAddress address) {
    }

    private final WebClient web;
    private final TokenServiceConfig settings;
    private final EgressAddresses egress;
    /**
     * Per (endpoint, client id): bounded, and a breaker nobody has asked for in a while is dropped
     * (it would have closed long ago).
     */
    private final Cache<String, Breaker> breakers;
    private final Tracer tracer;
    private final MeterRegistry meters;

    public ProviderHttpClient(Vertx vertx, TokenServiceConfig settings, EgressAddresses egress,
                              OpenTelemetry openTelemetry, MeterRegistry meters) {
        this.settings = settings;
        this.egress = egress;
        this.tracer = openTelemetry.getTracer("com.oauthconfig.token.provider");
        this.meters = meters;
        Duration idle = settings.provider().breakerOpen().multipliedBy(4);
        this.breakers = Caffeine.newBuilder().maximumSize(settings.provider().cacheMaxSize())
                .expireAfterAccess(idle.compareTo(Duration.ofMinutes(10)) > 0 ? idle : Duration.ofMinutes(10)).build();
        this.web = WebClient.create(vertx, new WebClientOptions()
                .setFollowRedirects(false)
                // Traced by this class's own span, which names host and endpoint kind only: the automatic
                // client span would record the URL and send our trace ids to every provider.
                .setTracingPolicy(TracingPolicy.IGNORE)
                .setConnectTimeout((int) settings.provider().timeout().toMillis())
                .setUserAgent("oauth-platform-token-service"));
        for (String state : new String[]{"closed", "open", "half_open"}) {
            Gauges.replace(meters, "token.provider.breakers", Tags.of("state", state),
                    "Provider circuit breakers (per endpoint and client) in each state", null, () -> count(breakers, state));
        }
    }

    /** Breakers in {@code state}: open until the open period ends, then half-open (the next call is the probe). */
    private double count(Cache<String, Breaker> cache, String state) {
        Instant now = Instant.now();
        return cache.asMap().values().stream().filter(b -> state.equals(stateOf(b, now))).count();
    }

    private String stateOf(Breaker b, Instant now) {
        synchronized (b) {
            if (b.openedAt == null) {
                return "closed";
            }
            return b.probing || b.openedAt.plus(settings.provider().breakerOpen()).isAfter(now) ? "open" : "half_open";
        }
    }

    @PreDestroy
    void close() {
        web.close();
    }

    /**
     * GETs JSON and interprets the answer inside the breaker: a {@link ProviderException} the
     * interpreter throws for a provider failure (5xx, garbage) counts against the provider.
     */
    public <T> Uni<T> getJson(EndpointKind kind, String url, Function<Answer, T> interpret) {
        return guarded(kind, url, null, resolvedUri(url)
                .chain(target -> request(HttpMethod.GET, target).as(cappedBody()).putHeader("Accept", "application/json")
                        .timeout(settings.provider().timeout().toMillis()).send()), interpret);
    }

    /** A request to the target's pinned address (when there is one), the host name kept for Host, SNI and the certificate check. */
    private HttpRequest<Buffer> request(HttpMethod method, Target target) {
        URI uri = target.uri();
        if (target.address() == null) {
            return web.requestAbs(method, uri.toString());
        }
        return web.requestAbs(method, SocketAddress.inetSocketAddress(EgressAddresses.port(uri), target.address().getHostAddress()),
                uri.toString());
    }

    /**
     * POSTs a form; with a client secret it authenticates with HTTP Basic (client_secret_basic,
     * the method every supported provider accepts), otherwise sends client_id in the form. The
     * answer is interpreted inside the breaker, as for {@link #getJson(EndpointKind, String, Function)}.
     */
    public <T> Uni<T> postForm(EndpointKind kind, String url, Map<String, String> form, String clientId, String clientSecret,
                               Function<Answer, T> interpret) {
        return guarded(kind, url, clientId, resolvedUri(url).chain(target -> {
            MultiMap body = MultiMap.caseInsensitiveMultiMap();
            form.forEach((k, v) -> {
                if (v != null) {
                    body.add(k, v);
                }
            });
            var request = request(HttpMethod.POST, target).as(cappedBody()).putHeader("Accept", "application/json")
                    .timeout(settings.provider().timeout().toMillis());
            if (clientSecret != null && !clientSecret.isEmpty()) {
                String basic = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                        + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8);
                request.putHeader("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
            } else {
                body.add("client_id", clientId);
            }
            return request.sendForm(body);
        }), interpret);
    }

    private BodyCodec<Buffer> cappedBody() {
        return CappedBody.of(settings.provider().maxResponseBytes().asLongValue());
    }

    /**
     * A circuit breaker per provider endpoint (URL without query) and client id: after {@code breaker-failures} consecutive provider
     * failures (timeouts, refused or closed connections, 5xx, 429, garbage answers) calls fail fast
     * for {@code breaker-open}; then exactly one call (the probe) is let through while every other
     * one keeps failing fast, and its outcome closes or re-opens the breaker. Definitive answers
     * (4xx) count as the provider working. Per endpoint, not per host: every Entra ID tenant and
     * every Auth0 or Okta customer of one region shares a host, and one organisation's failing
     * tenant must not fail the sign-ins of all the others. And per client id on that endpoint:
     * Entra's {@code /common} and Google's token endpoints are shared by every organisation, so
     * one organisation's broken client (a 5xx for its app registration, garbage for its tenant)
     * must not open the breaker for the others. Discovery and JWKS reads name no client.
     */
    private <T> Uni<T> guarded(EndpointKind kind, String url, String clientId, Uni<HttpResponse<Buffer>> call,
                               Function<Answer, T> interpret) {
        // Deferred: every (re)subscription, including each retry, asks the breaker again.
        return Uni.createFrom().deferred(() -> observed(kind, url, guardedOnce(url, clientId, call, interpret)));
    }

    /**
     * One attempt as a span {@code provider <kind>} (attributes {@code server.address},
     * {@code oauth.endpoint.kind}, {@code outcome}) and in timer {@code token.provider.calls}
     * (tags {@code host}, {@code endpoint}, {@code outcome}). Host and kind only: never the path,
     * the query, a client id, a code or a token.
     */
    private <T> Uni<T> observed(EndpointKind kind, String url, Uni<T> attempt) {
        String host = host(url);
        Span span = tracer.spanBuilder("provider " + kind.label()).setSpanKind(SpanKind.CLIENT)
                .setAttribute("server.address", host)
                .setAttribute("oauth.endpoint.kind", kind.label())
                .startSpan();
        long start = System.nanoTime();
        return attempt.onItemOrFailure().invoke((item, failure) -> {
            String outcome = failure == null ? "ok"
                    : failure instanceof ProviderException p ? p.kind().name().toLowerCase(Locale.ROOT) : "error";
            Timer.builder("token.provider.calls").description("Calls to identity providers' endpoints, each attempt")
                    .tags("host", host, "endpoint", kind.label(), "outcome", outcome)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                    .register(meters).record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
            span.setAttribute("outcome", outcome);
            if (failure != null) {
                span.setStatus(StatusCode.ERROR, outcome);
            }
            span.end();
        }).onCancellation().invoke(() -> {
            span.setAttribute("outcome", "cancelled");
            span.end();
        });
    }

    private static String host(String url) {
        try {
            String h = URI.create(url).getHost();
            return h == null ? "(none)" : h.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return "(invalid)";
        }
    }

    private <T> Uni<T> guardedOnce(String url, String clientId, Uni<HttpResponse<Buffer>> call, Function<Answer, T> interpret) {
        String endpoint = endpoint(url);
        Breaker b = breakers.get(endpoint + " " + (clientId == null ? "" : clientId), k -> new Breaker());
        boolean probe = false;
        synchronized (b) {
            if (b.openedAt != null) {
                if (b.probing || b.openedAt.plus(settings.provider().breakerOpen()).isAfter(Instant.now())) {
                    return Uni.createFrom().failure(new ProviderException("provider " + endpoint + " is failing; circuit open",
                            ProviderException.Kind.CIRCUIT_OPEN, null, 0));
                }
                b.probing = true;
                probe = true;
            }
        }
        boolean isProbe = probe;
        AtomicBoolean recorded = new AtomicBoolean();
        Duration timeout = settings.provider().timeout();
        return call
                // Vert.x's request timeout is an idle timeout: a provider dribbling bytes would never hit it.
                .ifNoItem().after(timeout).failWith(() -> new TimeoutException("no complete answer within " + timeout))
                .onFailure(f -> !(f instanceof ProviderException)).transform(f -> tooLarge(f)
                        ? new ProviderException(describe(url) + " answered more than " + settings.provider().maxResponseBytes().asLongValue()
                        + " bytes", ProviderException.Kind.BAD_RESPONSE, null, 200)
                        : ProviderException.unreachable(describe(url), f))
                .map(response -> {
                    Answer answer = answer(url, response);
                    boolean failing = answer.status() >= 500 || answer.status() == 429;
                    T result;
                    try {
                        result = interpret.apply(answer);
                    } catch (ProviderException p) {
                        record(b, recorded, isProbe, failing || p.transientFailure());
                        throw p;
                    } catch (RuntimeException e) {
                        // An interpreter tripping over the answer's shape: the answer was garbage.
                        record(b, recorded, isProbe, true);
                        throw new ProviderException(describe(url) + " answered an unreadable body",
                                ProviderException.Kind.BAD_RESPONSE, null, answer.status());
                    }
                    record(b, recorded, isProbe, failing);
                    return result;
                })
                .onFailure().invoke(f -> record(b, recorded, isProbe, !(f instanceof ProviderException p) || p.transientFailure()))
                .onCancellation().invoke(() -> {
                    if (isProbe) {
                        synchronized (b) {
                            b.probing = false;
                        }
                    }
                });
    }

    private static boolean tooLarge(Throwable f) {
        for (Throwable t = f; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CappedBody.TooLargeException) {
                return true;
            }
        }
        return false;
    }

    private void record(Breaker b, AtomicBoolean recorded, boolean probe, boolean failed) {
        if (!recorded.compareAndSet(false, true)) {
            return;
        }
        synchronized (b) {
            if (probe) {
                b.probing = false;
            }
            if (!failed) {
                b.failures = 0;
                b.openedAt = null;
            } else if (++b.failures >= settings.provider().breakerFailures() || probe) {
                b.openedAt = Instant.now();
            }
        }
    }

    private static String endpoint(String url) {
        try {
            URI u = URI.create(url);
            return u.getScheme() + "://" + u.getAuthority() + (u.getRawPath() == null ? "" : u.getRawPath());
        } catch (IllegalArgumentException e) {
            return "(invalid)";
        }
    }

    /**
     * Retries provider failures that may pass on another attempt (timeouts, 5xx, 429, lost
     * connections) at most {@code retries} times. The n-th retry waits {@code retry-delay × 2ⁿ}
     * plus up to 30 % jitter, never less, so the configured delay is a floor. A retry refused by
     * the open breaker ends with the failure that came before it (the informative one).
     */
    public <T> Uni<T> withRetry(Uni<T> call) {
        return attempt(call, 0, null);
    }

    private <T> Uni<T> attempt(Uni<T> call, int retry, ProviderException previous) {
        return call.onFailure(ProviderException.class).recoverWithUni(f -> {
            ProviderException p = (ProviderException) f;
            if (p.kind() == ProviderException.Kind.CIRCUIT_OPEN && previous != null) {
                return Uni.createFrom().failure(previous);
            }
            if (!p.retryable() || retry >= settings.provider().retries()) {
                return Uni.createFrom().failure(p);
            }
            return Uni.createFrom().voidItem().onItem().delayIt().by(backoff(retry))
                    .chain(() -> attempt(call, retry + 1, p));
        });
    }

    /** The wait before retry number {@code retry} (0-based): base × 2^retry, capped at base × 8, plus 0–30 % jitter. */
    Duration backoff(int retry) {
        long base = settings.provider().retryDelay().toMillis() << Math.min(retry, 3);
        return Duration.ofMillis(base + ThreadLocalRandom.current().nextLong(base * 3 / 10 + 1));
    }

    /**
     * {@link #checkedUri} plus, unless private addresses are allowed, the host resolved once (on a
     * worker thread) and judged by common's private-address rule; the call then connects to that
     * address, so DNS rebinding between the check and the connect reaches nothing else.
     */
    public Uni<Target> resolvedUri(String url) {
        Uni<URI> checked = Uni.createFrom().item(() -> checkedUri(url));
        if (settings.provider().allowPrivateAddresses()) {
            return checked.map(uri -> new Target(uri, null));
        }
        return checked.chain(uri -> egress.pin(uri.getHost()).map(address -> new Target(uri, address))
                .onFailure(EgressAddresses.RefusedException.class)
                .transform(f -> new ProviderException("provider URL " + describe(url) + " resolves to a private address", false, null, 0))
                .onFailure(java.net.UnknownHostException.class)
                .transform(f -> new ProviderException("provider host " + uri.getHost() + " does not resolve",
                        ProviderException.Kind.UNREACHABLE, null, 0)));
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
        if (!settings.provider().allowPrivateAddresses() && PrivateAddressPolicy.isPrivateLiteral(uri.getHost())) {
            throw new ProviderException("provider URL " + describe(url) + " points at a private address", false, null, 0);
        }
        return uri;
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

    /**
     * The answer with its JSON object body; an empty or non-JSON body of an error answer is an
     * empty object, but a 2xx answer whose body is not a JSON object (HTML, truncated JSON, an
     * array) is a {@link ProviderException.Kind#BAD_RESPONSE}.
     */
    private static Answer answer(String url, HttpResponse<Buffer> response) {
        int status = response.statusCode();
        Object raw = response.getDelegate().body();
        String text = raw == null ? "" : raw.toString();
        JsonObject body;
        try {
            body = text.isBlank() ? new JsonObject() : new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            if (status >= 200 && status < 300) {
                throw new ProviderException(describe(url) + " answered " + status + " with a body that is not a JSON object",
                        ProviderException.Kind.BAD_RESPONSE, null, status);
            }
            body = new JsonObject();
        }
        return new Answer(status, body, response.getHeader("Cache-Control"));
    }
}
