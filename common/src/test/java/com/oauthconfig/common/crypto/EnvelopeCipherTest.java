package com.oauthconfig.common.crypto;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnvelopeCipherTest {

    private static final String K1 = randomKey();
    private static final String K2 = randomKey();

    private static String randomKey() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }

    private final EnvelopeCipher cipher = new EnvelopeCipher(KeyRing.of("k1", Map.of("k1", K1)));

    @Property(tries = 200)
    void whatIsSealedOpensToTheSameTextInTheSameContext(@ForAll String plaintext, @ForAll String context) {
        assertEquals(plaintext, cipher.open(cipher.seal(plaintext, context), context));
    }

    @Test
    void theSealedFormDoesNotContainThePlaintext() {
        String sealed = cipher.seal("super-secret-value", "ctx");
        assertFalse(sealed.contains("super-secret-value"));
        assertNotEquals(sealed, cipher.seal("super-secret-value", "ctx"), "a fresh data key and nonce each time");
    }

    @Test
    void aValueCopiedToAnotherRowDoesNotOpen() {
        String sealed = cipher.seal("s3cret", "oauth-config|org-a|1");
        CryptoException e = assertThrows(CryptoException.class, () -> cipher.open(sealed, "oauth-config|org-b|1"));
        assertFalse(e.getMessage().contains("s3cret"));
    }

    @Test
    void aTamperedPayloadDoesNotOpen() {
        String sealed = cipher.seal("s3cret", "ctx");
        char last = sealed.charAt(sealed.length() - 2);
        String tampered = sealed.substring(0, sealed.length() - 2) + (last == 'A' ? 'B' : 'A') + sealed.charAt(sealed.length() - 1);
        assertThrows(CryptoException.class, () -> cipher.open(tampered, "ctx"));
    }

    @Test
    void rotationRewrapsWithTheNewKeyAndTheOldKeyCanThenBeRetired() {
        String sealed = cipher.seal("s3cret", "ctx");
        EnvelopeCipher rotated = new EnvelopeCipher(KeyRing.of("k2", Map.of("k1", K1, "k2", K2)));
        assertTrue(rotated.needsRewrap(sealed));
        assertEquals("s3cret", rotated.open(sealed, "ctx"), "old values still open during rotation");

        String rewrapped = rotated.rewrap(sealed, "ctx");
        assertEquals("k2", EnvelopeCipher.keyIdOf(rewrapped));
        assertFalse(rotated.needsRewrap(rewrapped));

        EnvelopeCipher retired = new EnvelopeCipher(KeyRing.of("k2", Map.of("k2", K2)));
        assertEquals("s3cret", retired.open(rewrapped, "ctx"));
        assertThrows(CryptoException.class, () -> retired.open(sealed, "ctx"), "k1 is gone");
    }

    @Test
    void keyRingRefusesWeakOrMissingKeys() {
        assertThrows(IllegalArgumentException.class, () -> KeyRing.of("k1", Map.of("k1", Base64.getEncoder().encodeToString(new byte[16]))));
        assertThrows(IllegalArgumentException.class, () -> KeyRing.of("k9", Map.of("k1", K1)));
        assertThrows(IllegalArgumentException.class, () -> KeyRing.of("k1", Map.of("k1", "not base64!")));
    }

    @Test
    void garbageIsRefusedWithoutLeakingIt() {
        assertThrows(CryptoException.class, () -> cipher.open("v1.k1.xx", "ctx"));
        assertThrows(CryptoException.class, () -> cipher.open("plain-text-secret", "ctx"));
        assertThrows(CryptoException.class, () -> cipher.open(null, "ctx"));
    }
}
