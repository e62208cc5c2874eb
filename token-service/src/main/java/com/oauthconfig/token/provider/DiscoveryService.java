package com.oauthconfig.token.provider;

import com.oauthconfig.token.config.TokenServiceConfig;
import com.oauthconfig.contracts.config.Endpoints;
import com.oauthconfig.contracts.config.ProviderType;
import com.oauthconfig.contracts.config.InternalOAuthConfig;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.lang.JoseException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Provider discovery and JWKS, cached by URL (honouring Cache-Control max-age). Discovery is
 * accepted only when the returned {@code issuer} is identical to the expected one (RFC 8414 §3.3:
 * the mix-up and impersonation defence); explicit endpoints in the config win over discovery.
 */
@ApplicationScoped
public class DiscoveryService {

    private static final Pattern MAX_AGE = Pattern.compile("max-age=(\\d+)");
    /** The longest a provider's Cache-Control may keep a document or key set. */
    private static final Duration MAX_TTL = Duration.ofDays(1);

    private record Cached<T>(T value, Instant expiresAt, Instant fetchedAt) {
    }

    private final ProviderHttpClient http;
    private final TokenServiceConfig settings;
    /** By discovery URL; bounded, and nothing outlives the longest max-age honoured (a day). */
    private final Cache<String, Cached<JsonObject>> discovery;
    /** By JWKS URL; the same bounds. */
    private final Cache<String, Cached<JsonWebKeySet>> jwks;

    public DiscoveryService(ProviderHttpClient http, TokenServiceConfig settings) {
        this.http = http;
        this.settings = settings;
        this.discovery = bounded(settings);
        this.jwks = bounded(settings);
    }

    private static <V> Cache<String, V> bounded(TokenServiceConfig settings) {
        return Caffeine.newBuilder().maximumSize(settings.provider().cacheMaxSize()).expireAfterWrite(MAX_TTL).build();
    }

    /**
     * The issuer the provider's metadata and ID tokens must carry. Auth0 issuers end with a slash,
     * which admins often leave out; we add it rather than fail every sign-in.
     */
    public static String expectedIssuer(InternalOAuthConfig config) {
        String issuer = config.issuer();
        if (issuer == null || issuer.isBlank()) {
            return null;
        }
        if (config.type() == ProviderType.AUTH0 && !issuer.endsWith("/")) {
            return issuer + "/";
        }
        return issuer;
    }

    public static String discoveryUrl(String issuer) {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        // Entra's multi-tenant template is not a URL one can fetch; "common" serves the same document.
        base = base.replace("{tenantid}", "common");
        return base + "/.well-known/openid-configuration";
    }

    /** Discovered and explicit endpoints merged; fails when discovery is needed and does not hold. */
    public Uni<ProviderMetadata> metadata(InternalOAuthConfig config) {
        Endpoints explicit = config.endpoints();
        String issuer = expectedIssuer(config);
        if (issuer == null) {
            return Uni.createFrom().item(merge(null, new JsonObject(), explicit));
        }
        if (explicit.authorization() != null && explicit.token() != null && explicit.jwks() != null) {
            // Everything the flows need is explicit; discovery is still used for optional endpoints when reachable.
            return discover(issuer).map(doc -> merge(issuer, doc, explicit))
                    .onFailure().recoverWithItem(() -> merge(issuer, new JsonObject(), explicit));
        }
        return discover(issuer).map(doc -> merge(issuer, doc, explicit));
    }

    /** Fetches (or reuses) the discovery document and checks its issuer. */
    public Uni<JsonObject> discover(String issuer) {
        String url = discoveryUrl(issuer);
        Cached<JsonObject> hit = discovery.getIfPresent(url);
        if (hit != null && hit.expiresAt().isAfter(Instant.now())) {
            return checkIssuer(hit.value(), issuer);
        }
        return http.withRetry(http.getJson(EndpointKind.DISCOVERY, url, answer -> {
            if (answer.status() >= 500 || answer.status() == 429) {
                throw new ProviderException("discovery at " + ProviderHttpClient.describe(url) + " answered " + answer.status(), true, null, answer.status());
            }
            if (!answer.ok() || answer.body().isEmpty()) {
                throw new ProviderException("discovery at " + ProviderHttpClient.describe(url) + " answered " + answer.status(), false, null, answer.status());
            }
            discovery.put(url, new Cached<>(answer.body(), Instant.now().plus(ttl(answer.cacheControl())), Instant.now()));
            return answer.body();
        })).chain(doc -> checkIssuer(doc, issuer));
    }

    private static Uni<JsonObject> checkIssuer(JsonObject doc, String issuer) {
        if (!issuer.equals(doc.getString("issuer"))) {
            return Uni.createFrom().failure(new IssuerMismatchException(issuer, doc.getString("issuer")));
        }
        return Uni.createFrom().item(doc);
    }

    /** The key set at {@code jwksUri}; {@code forceRefresh} refetches (rate-limited) after an unknown kid. */
    public Uni<JsonWebKeySet> keys(String jwksUri, boolean forceRefresh) {
        Cached<JsonWebKeySet> hit = jwks.getIfPresent(jwksUri);
        if (hit != null) {
            boolean fresh = hit.expiresAt().isAfter(Instant.now());
            boolean mayRefetch = hit.fetchedAt().plus(settings.provider().jwksMinRefetchInterval()).isBefore(Instant.now());
            if (fresh && !(forceRefresh && mayRefetch)) {
                return Uni.createFrom().item(hit.value());
            }
        }
        return http.withRetry(http.getJson(EndpointKind.JWKS, jwksUri, answer -> {
            if (!answer.ok()) {
                throw new ProviderException("JWKS at " + ProviderHttpClient.describe(jwksUri) + " answered " + answer.status(),
                        answer.status() >= 500, null, answer.status());
            }
            try {
                JsonWebKeySet set = new JsonWebKeySet(answer.body().encode());
                jwks.put(jwksUri, new Cached<>(set, Instant.now().plus(ttl(answer.cacheControl())), Instant.now()));
                return set;
            } catch (JoseException e) {
                throw new ProviderException("JWKS at " + ProviderHttpClient.describe(jwksUri) + " is not a key set", false, null, answer.status());
            }
        }));
    }

    /**
     * Drops the cached metadata and keys of one issuer (config change events): its discovery
     * document, the key set at the {@code jwks_uri} that document named, and key sets under the
     * issuer's own URL. Other issuers' documents and keys stay: one organisation's change never
     * makes every other sign-in refetch.
     */
    public void evict(String issuer) {
        if (issuer == null) {
            return;
        }
        String url = discoveryUrl(issuer);
        Cached<JsonObject> doc = discovery.getIfPresent(url);
        if (doc != null && doc.value().getString("jwks_uri") != null) {
            jwks.invalidate(doc.value().getString("jwks_uri"));
        }
        discovery.invalidate(url);
        String base = issuer.endsWith("/") ? issuer : issuer + "/";
        jwks.asMap().keySet().removeIf(jwksUri -> jwksUri.startsWith(base));
    }

    private Duration ttl(String cacheControl) {
        if (cacheControl != null) {
            if (cacheControl.contains("no-store") || cacheControl.contains("no-cache")) {
                return Duration.ofSeconds(0);
            }
            Matcher m = MAX_AGE.matcher(cacheControl);
            if (m.find()) {
                // Bounded: a provider asking for a year of caching still gets re-read daily.
                return Duration.ofSeconds(Math.min(Long.parseLong(m.group(1)), MAX_TTL.toSeconds()));
            }
        }
        return settings.provider().metadataTtl();
    }

    private static ProviderMetadata merge(String issuer, JsonObject doc, Endpoints explicit) {
        return new ProviderMetadata(issuer,
                first(explicit.authorization(), doc.getString("authorization_endpoint")),
                first(explicit.token(), doc.getString("token_endpoint")),
                first(explicit.jwks(), doc.getString("jwks_uri")),
                first(explicit.revocation(), doc.getString("revocation_endpoint")),
                first(explicit.userinfo(), doc.getString("userinfo_endpoint")),
                first(explicit.endSession(), doc.getString("end_session_endpoint")),
                strings(doc.getJsonArray("code_challenge_methods_supported")),
                doc.getBoolean("authorization_response_iss_parameter_supported", false),
                strings(doc.getJsonArray("scopes_supported")),
                strings(doc.getJsonArray("grant_types_supported")));
    }

    private static String first(String a, String b) {
        return a != null && !a.isBlank() ? a : b;
    }

    private static List<String> strings(JsonArray array) {
        return array == null ? null : array.stream().map(String::valueOf).toList();
    }

    /** Discovery returned another issuer than configured: never trust its endpoints. */
    public static class IssuerMismatchException extends ProviderException {
        public IssuerMismatchException(String expected, String actual) {
            super("discovery issuer " + actual + " differs from the configured issuer " + expected, false, "issuer_mismatch", 200);
        }
    }
}
