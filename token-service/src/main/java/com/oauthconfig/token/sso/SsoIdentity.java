package com.oauthconfig.token.sso;

import com.oauthconfig.contracts.config.ProviderType;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;

import java.util.Locale;

/**
 * Who the provider says signed in, read from an ID token already verified: issuer, subject,
 * e-mail (lower-cased), whether the provider verified that e-mail, and the display name.
 */
public record SsoIdentity(String issuer, String subject, String email, boolean emailVerified, String name) {

    static SsoIdentity of(JwtClaims claims, ProviderType type) {
        try {
            Object email = claims.getClaimValue("email");
            Object name = claims.getClaimValue("name");
            return new SsoIdentity(claims.getIssuer(), claims.getSubject(),
                    email instanceof String e && !e.isBlank() && e.length() <= 320 ? e.toLowerCase(Locale.ROOT) : null,
                    isTrue(claims.getClaimValue("email_verified"))
                            // Entra sends no email_verified; its optional claim xms_edov says the e-mail's domain owner verified it.
                            || (type == ProviderType.GRAPH && isTrue(claims.getClaimValue("xms_edov"))),
                    name instanceof String n && !n.isBlank() ? n : null);
        } catch (MalformedClaimException e) {
            throw SsoRefusal.of(SsoRefusal.Reason.ID_TOKEN_INVALID, "the ID token has a malformed claim");
        }
    }

    /** A boolean true, or the string "true" that some providers send. */
    private static boolean isTrue(Object value) {
        return Boolean.TRUE.equals(value) || "true".equals(value);
    }

    @Override
    public String toString() {
        return "SsoIdentity[issuer=" + issuer + ", emailVerified=" + emailVerified + "]";
    }
}
