package com.oauthconfig.common.crypto;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * Envelope encryption of small secrets (client secrets, tokens) with AES-256-GCM.
 *
 * <p>Each sealed value has its own random data key; the data key is wrapped by the key ring's
 * active key-encryption key. Both layers take the caller's {@code context} (for example
 * {@code "oauth-config|<org>|<id>"}) as associated data, so a value copied into another row
 * does not decrypt. Rotation rewraps only the data key; the payload ciphertext is untouched.
 *
 * <p>Sealed form: {@code v1.<kekId>.<b64 wrapped data key>.<b64 payload>}, each blob being a
 * 12-byte nonce followed by the GCM ciphertext and tag.
 */
public final class EnvelopeCipher {

    private static final String VERSION = "v1";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final KeyRing keys;
    private final SecureRandom random = new SecureRandom();

    public EnvelopeCipher(KeyRing keys) {
        this.keys = keys;
    }

    public String seal(String plaintext, String context) {
        byte[] dataKey = new byte[32];
        random.nextBytes(dataKey);
        try {
            byte[] payload = gcm(Cipher.ENCRYPT_MODE, dataKey, plaintext.getBytes(StandardCharsets.UTF_8), payloadAad(context), null);
            String kekId = keys.activeKeyId();
            byte[] wrapped = gcm(Cipher.ENCRYPT_MODE, keys.key(kekId).getEncoded(), dataKey, wrapAad(kekId, context), null);
            return VERSION + "." + kekId + "." + B64.encodeToString(wrapped) + "." + B64.encodeToString(payload);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    public String open(String sealed, String context) {
        Parts p = Parts.parse(sealed);
        byte[] dataKey = unwrap(p, context);
        try {
            return new String(gcm(Cipher.DECRYPT_MODE, dataKey, p.payload, payloadAad(context), p), StandardCharsets.UTF_8);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /**
     * The ids of the ring's other keys, sorted: the keys a rewrap can move values off. A value wrapped
     * by a key no longer in the ring cannot be moved (nor opened); rewrap jobs select by these ids so
     * such a value never blocks the others, and the readiness count still shows it.
     */
    public String[] retiredKeyIds() {
        return keys.keyIds().stream().filter(id -> !id.equals(keys.activeKeyId())).sorted().toArray(String[]::new);
    }

    /** True when the value was wrapped by a key other than the active one. */
    public boolean needsRewrap(String sealed) {
        return !Parts.parse(sealed).kekId.equals(keys.activeKeyId());
    }

    /** Wraps the value's data key with the active key; the payload is carried over unchanged. */
    public String rewrap(String sealed, String context) {
        Parts p = Parts.parse(sealed);
        if (p.kekId.equals(keys.activeKeyId())) {
            return sealed;
        }
        byte[] dataKey = unwrap(p, context);
        try {
            String kekId = keys.activeKeyId();
            byte[] wrapped = gcm(Cipher.ENCRYPT_MODE, keys.key(kekId).getEncoded(), dataKey, wrapAad(kekId, context), null);
            return VERSION + "." + kekId + "." + B64.encodeToString(wrapped) + "." + B64.encodeToString(p.payload);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /** The id of the key-encryption key that wrapped this value. */
    public static String keyIdOf(String sealed) {
        return Parts.parse(sealed).kekId;
    }

    private byte[] unwrap(Parts p, String context) {
        SecretKey kek = keys.key(p.kekId);
        return gcm(Cipher.DECRYPT_MODE, kek.getEncoded(), p.wrappedKey, wrapAad(p.kekId, context), p);
    }

    private static byte[] wrapAad(String kekId, String context) {
        return ("dek|" + kekId + "|" + context).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] payloadAad(String context) {
        return ("data|" + context).getBytes(StandardCharsets.UTF_8);
    }

    private byte[] gcm(int mode, byte[] key, byte[] input, byte[] aad, Parts forError) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            SecretKeySpec spec = new SecretKeySpec(key, "AES");
            if (mode == Cipher.ENCRYPT_MODE) {
                byte[] nonce = new byte[NONCE_BYTES];
                random.nextBytes(nonce);
                cipher.init(mode, spec, new GCMParameterSpec(TAG_BITS, nonce));
                cipher.updateAAD(aad);
                byte[] ct = cipher.doFinal(input);
                byte[] out = new byte[NONCE_BYTES + ct.length];
                System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
                System.arraycopy(ct, 0, out, NONCE_BYTES, ct.length);
                return out;
            }
            if (input.length < NONCE_BYTES + TAG_BITS / 8) {
                throw new CryptoException("sealed value is truncated");
            }
            cipher.init(mode, spec, new GCMParameterSpec(TAG_BITS, input, 0, NONCE_BYTES));
            cipher.updateAAD(aad);
            return cipher.doFinal(input, NONCE_BYTES, input.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            // Wrong key, wrong context or tampering: GCM cannot tell them apart, and neither do we.
            throw new CryptoException("sealed value does not open with key " + (forError == null ? "?" : forError.kekId)
                    + " in this context (wrong key, moved or tampered)");
        }
    }

    private record Parts(String kekId, byte[] wrappedKey, byte[] payload) {
        static Parts parse(String sealed) {
            String[] parts = sealed == null ? new String[0] : sealed.split("\\.");
            if (parts.length != 4 || !VERSION.equals(parts[0])) {
                throw new CryptoException("not a sealed value of version " + VERSION);
            }
            try {
                return new Parts(parts[1], B64D.decode(parts[2]), B64D.decode(parts[3]));
            } catch (IllegalArgumentException e) {
                throw new CryptoException("sealed value is not valid base64");
            }
        }
    }
}
