package com.oauthconfig.common.security;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Which Authorization headers the cache-hit mechanism looks up (the whole flow, hits, forgeries,
 * expiry and withdrawn keys on cached tokens, is {@link VerifiedTokenCacheTest} and
 * {@link PlatformKeyWithdrawalTest} against the real provider).
 */
class CachedBearerMechanismTest {

    @Test
    void onlyABearerHeaderWithATokenIsLookedUp() {
        assertEquals("abc.def.ghi", CachedBearerMechanism.bearerToken("Bearer abc.def.ghi"));
        assertEquals("abc.def.ghi", CachedBearerMechanism.bearerToken("bearer abc.def.ghi"), "the scheme is case-insensitive (RFC 9110)");
        assertEquals("abc.def.ghi", CachedBearerMechanism.bearerToken("BEARER   abc.def.ghi "));
        assertNull(CachedBearerMechanism.bearerToken(null));
        assertNull(CachedBearerMechanism.bearerToken("Bearer "));
        assertNull(CachedBearerMechanism.bearerToken("Bearer"));
        assertNull(CachedBearerMechanism.bearerToken("Basic dXNlcjpwYXNz"));
        assertNull(CachedBearerMechanism.bearerToken("Bearerabc.def.ghi"));
    }
}
