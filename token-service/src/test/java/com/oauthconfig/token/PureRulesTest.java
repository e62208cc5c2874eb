package com.oauthconfig.token;

import com.oauthconfig.token.signin.CodeFlowSecrets;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PKCE and random-value rules without any server. */
class PureRulesTest {

    @Test
    void s256MatchesTheRfc7636AppendixBExample() {
        assertEquals("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", CodeFlowSecrets.s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));
    }

    @RepeatedTest(20)
    void verifiersAreUnreservedCharactersOf256BitsAndNeverRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            String v = CodeFlowSecrets.random(32);
            assertEquals(43, v.length());
            assertTrue(v.matches("[A-Za-z0-9_-]{43}"), v);
            assertTrue(seen.add(v));
        }
    }
}
