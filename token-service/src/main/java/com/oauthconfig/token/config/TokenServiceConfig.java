package com.oauthconfig.token.config;

import com.oauthconfig.common.crypto.KeyRingSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;

/** Every setting of the token-service, under {@code token-service.*}. */
@ConfigMapping(prefix = "token-service")
public interface TokenServiceConfig {

    /** Key-encryption keys for tokens and PKCE verifiers at rest. */
    Crypto crypto();

    /** How the service talks to identity providers. */
    Provider provider();

    /** Lifetimes and margins of tokens and sign-in transactions. */
    Tokens tokens();

    /** Reads of the config-service. */
    ConfigSource configSource();

    /**
     * Function targets on loopback, private, link-local or metadata addresses (checked after DNS
     * resolution); only for local development and tests.
     */
    @WithDefault("false")
    boolean allowPrivateTargets();

    /** Plain-http function targets (the token would travel unencrypted); only for local development and tests. */
    @WithDefault("false")
    boolean allowHttpTargets();

    /** Calls of REST functions with an injected token. */
    Injection injection();


    /** Consumption of oauth-config-events. */
    Events events();

    /** Revocation at the provider of tokens that a config removal or consent change took out of the store. */
    Revocation revocation();

    /** Records of direct config uses (the Home Hub's required credentials, the config-service's removal check). */
    Usage usage();

    interface Usage {
        /** How often each replica writes the uses it counted in memory. */
        @WithDefault("10s")
        String flushEvery();

        /** Client ids (SERVICE token's azp, else client_id) allowed to read usage records. */
        @WithDefault("config-service")
        java.util.List<String> callers();
    }

    interface Revocation {
        /**
         * How long a revocation job keeps trying; match the config-service's
         * {@code retired-configs.grace-window}, after which the old config's secret is gone anyway.
         */
        @WithDefault("24H")
        Duration graceWindow();

        /** Wait before the first retry of a job the provider did not answer; doubles per attempt. */
        @WithDefault("30S")
        Duration retryDelay();

        /** Longest wait between two attempts of one job. */
        @WithDefault("10M")
        Duration maxRetryDelay();

        /** How often due jobs are looked for (new jobs also start right after their event commits). */
        @WithDefault("10s")
        String pollEvery();

        /** Jobs claimed per run. */
        @WithDefault("50")
        int batchSize();
    }

    interface Injection {
        /** Connecting to a function's target host. */
        @WithDefault("3S")
        Duration connectTimeout();

        /** No byte from (or to) the target for this long ends the call with UpstreamTimeoutError. */
        @WithDefault("30S")
        Duration idleTimeout();

        /**
         * Longest a whole function call may take, from sending the request to the last byte of the
         * answer: a target dribbling a byte now and then never trips the idle timeout, this cuts it.
         */
        @WithDefault("60S")
        Duration deadline();

        /**
         * Pooled connections per target host. Above the callers' usual concurrency: a smaller pool
         * queues requests behind it (50 capped the 64-concurrent benchmark).
         */
        @WithDefault("256")
        int maxConnectionsPerHost();

        /**
         * Prefix of the sign-in URL in OAuthCredentialsMissingError (e.g. the public URL of this
         * service); empty gives the path alone, relative to the token-service.
         */
        java.util.Optional<String> signInBaseUrl();

        /**
         * Platform services (client ids, matched on the token's {@code azp}, else {@code client_id} claim; never
         * on {@code sub}) that may call
         * /api/functions/execute and /api/tokens/resolve. Both hand out or use any user's provider
         * token, so the SERVICE role alone is not enough: only the app runtime acts for users.
         */
        @WithDefault("function-runtime")
        java.util.Set<String> callers();
    }

    /** Sign-in transactions (auth_state). */
    SignIn signIn();

    /** Platform sign-in through an organisation's SSO configuration, answered with a signed identity assertion. */
    Sso sso();

    interface Sso {
        /**
         * The {@code iss} of identity assertions: this service's public URL (e.g. https://token.example.com).
         * Unset: SSO sign-in is off (start answers 503 {@code sso-not-configured}).
         */
        java.util.Optional<String> issuer();

        /** The {@code aud} of identity assertions: the platform identity provider (its issuer or token endpoint URL). */
        java.util.Optional<String> audience();

        /**
         * The public URL of {@code GET /sso/callback} as providers redirect to it; an SSO configuration
         * must list it among its redirect URLs (and register it at its provider).
         */
        java.util.Optional<String> callbackUrl();

        /** Where the browser posts the assertion (form_post): the platform identity provider's SSO endpoint. */
        java.util.Optional<String> returnUrl();

        /** Lifetime of an identity assertion; at most 5 minutes. */
        @WithDefault("2M")
        Duration assertionLifetime();

        /** Lifetime of an SSO sign-in transaction (state, nonce, verifier, browser binding); at most 10 minutes. */
        @WithDefault("5M")
        Duration stateTtl();

        /** Keys that sign identity assertions, published at /sso/jwks. */
        Signing signing();

        interface Signing {
            /** Id (kid) of the key that signs new assertions (production: env SSO_SIGNING_ACTIVE_ID). */
            java.util.Optional<String> activeKeyId();

            /**
             * Key id → base64 of a private JWK (EC P-256 for ES256, or RSA ≥ 2048 bits for RS256)
             * (production: env TOKEN_SERVICE_SSO_SIGNING_KEYS_&lt;ID&gt;). Every key listed is published;
             * keep a retired one until the assertions it signed have expired.
             */
            java.util.Map<String, String> keys();
        }
    }

    interface SignIn {
        /**
         * Most unexpired sign-in transactions kept per (organisation, config, user); starting another
         * deletes the oldest, so a user is never locked out and nobody can fill the table.
         */
        @WithDefault("10")
        int maxPending();
    }

    interface Events {
        /** The consumer's name in its logs and in the dead-letter counter's {@code consumer} tag. */
        @WithDefault("token-service")
        String consumer();

        /** Attempts to apply a readable event (database away) before it goes to the dead-letter topic. */
        @WithDefault("8")
        int maxAttempts();

        /** Upper bound of the backoff between those attempts. */
        @WithDefault("20S")
        Duration maxBackoff();
    }

    /** The key ring sealing stored tokens (production: env TOKEN_KEK_ACTIVE_ID and TOKEN_SERVICE_CRYPTO_KEYS_&lt;ID&gt;). */
    interface Crypto extends KeyRingSettings {
    }

    interface Provider {
        /** Timeout of one HTTP exchange with a provider. */
        @WithDefault("5S")
        Duration timeout();

        /** Retries of a transient provider failure (timeout, 5xx, 429, lost connection) before giving up. */
        @WithDefault("2")
        int retries();

        /** First retry delay, a floor: doubles per retry (at most ×8), plus up to 30 % jitter. */
        @WithDefault("200MS")
        Duration retryDelay();

        /** Consecutive transient failures of one provider endpoint (URL without query) that open its circuit breaker. */
        @WithDefault("5")
        int breakerFailures();

        /** How long an open breaker fails calls to that provider fast before letting one through. */
        @WithDefault("30S")
        Duration breakerOpen();

        /** Plain-http provider URLs; only for local development and tests. */
        @WithDefault("false")
        boolean allowHttp();

        /** Provider URLs on loopback/private addresses; only for local development and tests. */
        @WithDefault("false")
        boolean allowPrivateAddresses();

        /** JWS algorithms accepted on ID tokens ("none" and HMAC are never accepted). */
        @WithDefault("RS256,RS384,RS512,PS256,PS384,PS512,ES256,ES384,ES512")
        List<String> idTokenAlgorithms();

        /**
         * Clock skew tolerated between this service and a provider on ID token exp/nbf/iat: an ID
         * token up to this far expired, not yet valid or issued in the future is accepted, beyond it
         * refused. Access-token expiry never depends on the provider's clock (it is this service's
         * request time plus {@code expires_in}).
         */
        @WithDefault("120S")
        Duration clockSkew();

        /** Largest provider answer read (token, discovery, JWKS); a bigger one is a garbage answer. */
        @WithDefault("1M")
        io.quarkus.runtime.configuration.MemorySize maxResponseBytes();

        /** Metadata cache lifetime when the provider sends no cache headers. */
        @WithDefault("1H")
        Duration metadataTtl();

        /**
         * Most entries in each per-key cache of provider calls: circuit breakers (per endpoint and
         * client id), discovery documents, key sets and client-credentials tokens (and their fetches
         * in flight). Beyond it the least recently used entry goes.
         */
        @WithDefault("10000")
        int cacheMaxSize();

        /** Minimum time between two JWKS refetches triggered by an unknown kid. */
        @WithDefault("10S")
        Duration jwksMinRefetchInterval();
    }

    interface Tokens {
        /** Lifetime of a sign-in transaction (state, nonce, verifier); the checklist caps it at 10 minutes. */
        @WithDefault("10M")
        Duration stateTtl();

        /** The platform's token lifetime policy: an access token older than this is never handed out. */
        @WithDefault("15M")
        Duration platformLifetime();

        /** A token this close to its expiry is refreshed before it is handed out. */
        @WithDefault("60S")
        Duration refreshMargin();

        /** Lifetime assumed when a provider omits expires_in (bounded: never longer than the platform lifetime). */
        @WithDefault("5M")
        Duration defaultExpiresIn();

        /** Client-credentials tokens are reused until this long before they expire. */
        @WithDefault("30S")
        Duration clientCredentialsMargin();
    }

    /** In-memory cache of decrypted access tokens (the injection path's cache hit). */
    TokenCache tokenCache();

    interface TokenCache {
        /** Off: every request reads and decrypts the token row. */
        @WithDefault("true")
        boolean enabled();

        /** Most entries held (one per org, config and user); beyond it new tokens are not cached. */
        @WithDefault("10000")
        int maxSize();

        /**
         * Longest time an entry is reused, whatever the token's expiry: a safety net under the
         * database notifications that evict entries on every change of the row.
         */
        @WithDefault("60S")
        Duration maxAge();
    }

    interface ConfigSource {
        /**
         * How long a config read from the config-service is reused; change events evict earlier. Kept
         * short: a cached config holds the decrypted client secret.
         */
        @WithDefault("60S")
        Duration cacheTtl();
    }
}
