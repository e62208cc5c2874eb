package com.oauthconfig.common.security;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The key id of a token's header, read once per distinct header and still right for any number of headers. */
class KeyIdOfTest {

    private static String token(String headerJson) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(headerJson.getBytes(StandardCharsets.UTF_8)) + "." + b64.encodeToString("{}".getBytes(StandardCharsets.UTF_8))
                + ".sig";
    }

    @Test
    void theSameHeaderAnswersTheSameKeyIdEveryTime() {
        String t = token("{\"alg\":\"RS256\",\"kid\":\"k-1\"}");
        for (int i = 0; i < 3; i++) {
            assertEquals("k-1", PlatformSigningKeys.keyIdOf(t));
        }
    }

    @Test
    void aHeaderWithoutKeyIdOrNotJsonHasNone() {
        for (int i = 0; i < 2; i++) {
            assertNull(PlatformSigningKeys.keyIdOf(token("{\"alg\":\"RS256\"}")));
            assertNull(PlatformSigningKeys.keyIdOf("bm90IGpzb24.e30.sig"));
            assertNull(PlatformSigningKeys.keyIdOf(".e30.sig"));
            assertNull(PlatformSigningKeys.keyIdOf(null));
        }
    }

    @Test
    void moreHeadersThanAreRememberedAreStillReadCorrectly() {
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 500; i++) {
                assertEquals("many-" + i, PlatformSigningKeys.keyIdOf(token("{\"alg\":\"RS256\",\"kid\":\"many-" + i + "\"}")));
            }
        }
    }
}
