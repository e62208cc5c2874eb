package com.oauthconfig.token.provider;

import com.oauthconfig.token.config.TokenServiceConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;

import java.util.List;

/**
 * Validates ID tokens: signature with the provider's JWKS (refetched once on an unknown kid),
 * an algorithm allow-list (never {@code none}, never HMAC), {@code iss}, {@code aud} = client id,
 * {@code exp}, {@code nbf} and a future {@code iat} with the bounded {@code provider.clock-skew}, and
 * {@code nonce} when the flow sent one. Entra's multi-tenant
 * issuer template is resolved with the token's own {@code tid} before the exact comparison.
 */
@ApplicationScoped
public class IdTokenValidator {

    /** The validated identity: users are keyed by issuer and subject. */
    public record Identity(String issuer, String subject) {
    }

    private final DiscoveryService discovery;
    private final TokenServiceConfig settings;

    public IdTokenValidator(DiscoveryService discovery, TokenServiceConfig settings) {
        this.discovery = discovery;
        this.settings = settings;
    }

    public Uni<Identity> validate(String idToken, String expectedIssuer, String clientId, String jwksUri, String expectedNonce) {
        return check(idToken, expectedIssuer, clientId, jwksUri, expectedNonce).map(IdTokenValidator::identity);
    }

    /** The same checks, answering every claim of the verified token (for callers that need more than issuer and subject). */
    public Uni<JwtClaims> verify(String idToken, String expectedIssuer, String clientId, String jwksUri, String expectedNonce) {
        if (expectedIssuer == null) {
            // jose4j accepts any iss when the expected one is null: a token that identifies a person must name its issuer.
            return Uni.createFrom().failure(new InvalidIdTokenException("no issuer is configured to check the ID token against"));
        }
        return check(idToken, expectedIssuer, clientId, jwksUri, expectedNonce);
    }

    private Uni<JwtClaims> check(String idToken, String expectedIssuer, String clientId, String jwksUri, String expectedNonce) {
        final JwtContext unverified;
        final String kid;
        try {
            unverified = new JwtConsumerBuilder().setSkipAllValidators().setDisableRequireSignature()
                    .setSkipSignatureVerification().build().process(idToken);
            kid = unverified.getJoseObjects().get(0).getKeyIdHeaderValue();
        } catch (InvalidJwtException | RuntimeException e) {
            return Uni.createFrom().failure(new InvalidIdTokenException("the ID token is not a well-formed JWT"));
        }
        if (jwksUri == null) {
            return Uni.createFrom().failure(new InvalidIdTokenException("the provider has no JWKS to verify the ID token"));
        }
        return discovery.keys(jwksUri, false)
                .chain(set -> knows(set, kid) ? Uni.createFrom().item(set) : discovery.keys(jwksUri, true))
                .map(set -> check(idToken, unverified, set, expectedIssuer, clientId, expectedNonce));
    }

    private static Identity identity(JwtClaims claims) {
        try {
            return new Identity(claims.getIssuer(), claims.getSubject());
        } catch (MalformedClaimException e) {
            throw new InvalidIdTokenException("the ID token has a malformed claim");
        }
    }

    private JwtClaims check(String idToken, JwtContext unverified, JsonWebKeySet set, String expectedIssuer,
                           String clientId, String expectedNonce) {
        try {
            String issuer = resolveIssuerTemplate(expectedIssuer, unverified.getJwtClaims());
            JwtConsumer consumer = new JwtConsumerBuilder()
                    .setRequireExpirationTime()
                    .setRequireSubject()
                    .setAllowedClockSkewInSeconds((int) settings.provider().clockSkew().toSeconds())
                    // iat is checked too: issued further in our future than the skew means a provider clock
                    // (or a token) beyond what we tolerate, like an nbf that far ahead. No limit into the past: exp covers it.
                    .setIssuedAtRestrictions(0, Integer.MAX_VALUE)
                    .setExpectedIssuer(true, issuer)
                    .setExpectedAudience(true, clientId)
                    .setJwsAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                            allowedAlgorithms()))
                    .setVerificationKeyResolver(new JwksVerificationKeyResolver(set.getJsonWebKeys()))
                    .build();
            JwtClaims claims = consumer.process(idToken).getJwtClaims();
            if (expectedNonce != null && !expectedNonce.equals(claims.getClaimValueAsString("nonce"))) {
                throw new InvalidIdTokenException("the ID token's nonce does not match the sign-in request");
            }
            return claims;
        } catch (InvalidJwtException e) {
            throw new InvalidIdTokenException("the ID token is not valid: " + reason(e));
        } catch (MalformedClaimException e) {
            throw new InvalidIdTokenException("the ID token has a malformed claim");
        }
    }

    private String[] allowedAlgorithms() {
        List<String> allowed = settings.provider().idTokenAlgorithms().stream()
                .filter(a -> !a.equalsIgnoreCase("none") && !a.toUpperCase().startsWith("HS")).toList();
        return allowed.toArray(String[]::new);
    }

    /** Entra multi-tenant apps configure {@code .../{tenantid}/v2.0}; each token names its tenant in {@code tid}. */
    static String resolveIssuerTemplate(String expected, JwtClaims claims) throws MalformedClaimException {
        if (expected == null || !expected.contains("{tenantid}")) {
            return expected;
        }
        String tid = claims.getClaimValueAsString("tid");
        if (tid == null || !tid.matches("[A-Za-z0-9-]{1,64}")) {
            throw new InvalidIdTokenException("the ID token has no usable tid for the multi-tenant issuer");
        }
        return expected.replace("{tenantid}", tid);
    }

    private static boolean knows(JsonWebKeySet set, String kid) {
        if (kid == null) {
            return true;
        }
        for (JsonWebKey key : set.getJsonWebKeys()) {
            if (kid.equals(key.getKeyId())) {
                return true;
            }
        }
        return false;
    }

    private static String reason(InvalidJwtException e) {
        // jose4j's messages quote the whole token; keep only the error codes' meaning.
        if (e.hasExpired()) {
            return "expired (beyond the allowed clock skew)";
        }
        if (e.hasErrorCode(org.jose4j.jwt.consumer.ErrorCodes.NOT_YET_VALID)) {
            return "not yet valid (nbf beyond the allowed clock skew)";
        }
        if (e.hasErrorCode(org.jose4j.jwt.consumer.ErrorCodes.ISSUED_AT_INVALID_FUTURE)) {
            return "issued in the future (iat beyond the allowed clock skew)";
        }
        if (e.hasErrorCode(org.jose4j.jwt.consumer.ErrorCodes.ISSUER_INVALID)) {
            return "wrong issuer";
        }
        if (e.hasErrorCode(org.jose4j.jwt.consumer.ErrorCodes.AUDIENCE_INVALID)) {
            return "wrong audience";
        }
        if (e.hasErrorCode(org.jose4j.jwt.consumer.ErrorCodes.SIGNATURE_INVALID)) {
            return "bad signature";
        }
        return "signature, algorithm or claims rejected";
    }

    /** The ID token failed validation; the message never quotes the token. */
    public static class InvalidIdTokenException extends RuntimeException {
        public InvalidIdTokenException(String message) {
            super(message, null, false, false);
        }
    }
}
