package com.oauthconfig.config.config;

import com.oauthconfig.common.crypto.KeyRingSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;


/** Every setting of the config-service under {@code config-service.*}. */
@ConfigMapping(prefix = "config-service")
public interface ConfigServiceConfig {

    /**
     * Lets issuer and endpoint URLs use http and point at loopback, private, link-local or
     * metadata addresses. Only tests and the local stack set it: in production it would open SSRF.
     */
    @WithDefault("false")
    boolean allowPrivateEndpoints();

    /** Discovery check of issuers on save. */
    Discovery discovery();


    /** Envelope encryption of client secrets. */
    Crypto crypto();

    /** Listing limits. */
    Paging paging();

    /** What a configuration was before an update or removal, kept for the token-service's revocations. */
    RetiredConfigs retiredConfigs();

    /**
     * Platform clients (the token's {@code azp}/{@code client_id}) that may use the internal read at
     * all: the token-service (sign-in, refresh, injection) and the credential-alias-service
     * (existence checks). Every other service token gets 403.
     */
    @WithDefault("token-service,credential-alias-service")
    java.util.Set<String> internalReaders();

    /**
     * Platform clients whose internal reads include the decrypted client secret. Other internal
     * readers (the credential-alias-service) get the record without it: only the service that
     * talks to identity providers needs the secret.
     */
    @WithDefault("token-service")
    java.util.Set<String> secretReaders();

    /**
     * Platform clients that may ask whether an e-mail may sign in through an SSO configuration
     * (the token-service's SSO sign-in); every other service token gets 403.
     */
    @WithDefault("token-service")
    java.util.Set<String> ssoReaders();

    /** The key ring sealing client secrets (production: env CONFIG_KEK_ACTIVE_ID and CONFIG_SERVICE_CRYPTO_KEYS_&lt;ID&gt;). */
    interface Crypto extends KeyRingSettings {
    }

    interface Discovery {
        /**
         * Fetch {@code <issuer>/.well-known/openid-configuration} when an issuer is saved and require
         * its {@code issuer} to be identical (RFC 8414 / OIDC Discovery), so a mistyped or
         * impersonating issuer is caught before tokens fail to validate.
         */
        @WithDefault("true")
        boolean verifyIssuer();

        /** Budget for the discovery request, in milliseconds. */
        @WithDefault("3000")
        int timeoutMillis();

        /**
         * How long a document that named its issuer correctly is trusted before it is fetched (and
         * checked) again; short, so a provider that changes its document is seen soon.
         */
        @WithDefault("60s")
        java.time.Duration cacheTtl();
    }

    /** What a removal checks first. */
    Removal removal();

    interface Removal {
        /** Direct uses (functions naming the title, recorded by the token-service) this recent block a removal like references do. */
        @WithDefault("30D")
        java.time.Duration usageWindow();
    }

    interface RetiredConfigs {
        /**
         * How long a replaced or removed configuration (and its client secret) stays readable by the
         * token-service, which revokes users' tokens at the old provider within this window.
         */
        @WithDefault("24H")
        java.time.Duration graceWindow();

        /** How often expired retired configurations are deleted (a Quarkus scheduler interval such as 10m). */
        @WithDefault("10m")
        String shredEvery();
    }

    interface Paging {
        /** Page size when the caller gives none. */
        @WithDefault("20")
        int defaultSize();

        /** Largest page size a caller may ask for. */
        @WithDefault("100")
        int maxSize();
    }
}
