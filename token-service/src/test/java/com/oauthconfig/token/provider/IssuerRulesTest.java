package com.oauthconfig.token.provider;

import java.util.UUID;
import com.oauthconfig.contracts.config.InternalOAuthConfig;
import com.oauthconfig.token.peers.Consent;
import com.oauthconfig.contracts.config.ProviderType;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Provider issuer traps: Entra's multi-tenant template, Auth0's trailing slash, consent fingerprints. */
class IssuerRulesTest {

    static InternalOAuthConfig config(ProviderType type, String issuer, List<String> scopes) {
        return new InternalOAuthConfig(UUID.fromString("00000000-0000-4000-8000-000000000001"), "org", 1, "n", "t", type, "client", null, issuer, null, true, true, scopes,
                List.of("https://r"), "{email}", List.of(), null, null, false, false, null);
    }

    @Test
    void entraMultiTenantIssuerIsResolvedWithTheTokensTenant() throws Exception {
        JwtClaims claims = new JwtClaims();
        claims.setClaim("tid", "9188040d-6c67-4c5b-b112-36a304b66dad");
        assertEquals("https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0",
                IdTokenValidator.resolveIssuerTemplate("https://login.microsoftonline.com/{tenantid}/v2.0", claims));
        assertEquals("https://idp.example/", IdTokenValidator.resolveIssuerTemplate("https://idp.example/", claims));
    }

    @Test
    void entraTemplateWithoutAUsableTidIsRefused() {
        JwtClaims claims = new JwtClaims();
        claims.setClaim("tid", "../evil");
        assertThrows(IdTokenValidator.InvalidIdTokenException.class,
                () -> IdTokenValidator.resolveIssuerTemplate("https://login.microsoftonline.com/{tenantid}/v2.0", claims));
        assertThrows(IdTokenValidator.InvalidIdTokenException.class,
                () -> IdTokenValidator.resolveIssuerTemplate("https://login.microsoftonline.com/{tenantid}/v2.0", new JwtClaims()));
    }

    @Test
    void auth0IssuerGetsItsTrailingSlashAndDiscoveryUrlsAreWellFormed() {
        assertEquals("https://acme.auth0.com/", DiscoveryService.expectedIssuer(config(ProviderType.AUTH0, "https://acme.auth0.com", List.of())));
        assertEquals("https://acme.okta.com", DiscoveryService.expectedIssuer(config(ProviderType.OKTA, "https://acme.okta.com", List.of())));
        assertEquals("https://acme.auth0.com/.well-known/openid-configuration", DiscoveryService.discoveryUrl("https://acme.auth0.com/"));
        assertEquals("https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration",
                DiscoveryService.discoveryUrl("https://login.microsoftonline.com/{tenantid}/v2.0"));
    }

    @Test
    void consentFingerprintChangesWithScopesButNotWithTheirOrder() {
        InternalOAuthConfig a = config(ProviderType.OKTA, "https://i", List.of("openid", "offline_access"));
        InternalOAuthConfig b = config(ProviderType.OKTA, "https://i", List.of("offline_access", "openid"));
        InternalOAuthConfig c = config(ProviderType.OKTA, "https://i", List.of("openid"));
        assertEquals(Consent.fingerprint(a), Consent.fingerprint(b));
        assertNotEquals(Consent.fingerprint(a), Consent.fingerprint(c));
    }
}
