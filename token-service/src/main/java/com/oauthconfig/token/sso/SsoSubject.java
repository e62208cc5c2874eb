package com.oauthconfig.token.sso;

import com.oauthconfig.token.store.Hashes;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The subject of an SSO identity assertion: base64url (no padding) of SHA-256 over the
 * organisation id, the provider's issuer and the provider's subject, each preceded by its length
 * in characters and a colon. A provider's subject is unique only at its issuer, and each
 * organisation's admin chooses its issuers, so the provider's raw subject (kept as {@code idp_sub})
 * must never be what a platform identity provider links accounts by: two organisations, or two
 * issuers, never produce the same assertion subject.
 */
final class SsoSubject {

    private SsoSubject() {
    }

    static String of(String orgId, String issuer, String subject) {
        String input = framed(orgId) + framed(issuer) + framed(subject);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Hashes.sha256(input.getBytes(StandardCharsets.UTF_8)));
    }

    private static String framed(String part) {
        return part.length() + ":" + part;
    }
}
