package com.oauthconfig.common.crypto;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The key-encryption keys (KEKs) a service holds: one active key that wraps new data keys, and
 * older keys kept only to unwrap what they wrapped until a rewrap job has moved every row on.
 */
public final class KeyRing {

    private final String activeKeyId;
    private final Map<String, SecretKey> keys;

    private KeyRing(String activeKeyId, Map<String, SecretKey> keys) {
        this.activeKeyId = activeKeyId;
        this.keys = keys;
    }

    /**
     * @param activeKeyId the id new data keys are wrapped with
     * @param base64Keys  key id → base64 of exactly 32 random bytes (AES-256)
     */
    public static KeyRing of(String activeKeyId, Map<String, String> base64Keys) {
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        base64Keys.forEach((id, b64) -> {
            if (!id.matches("[A-Za-z0-9_-]{1,32}")) {
                throw new IllegalArgumentException("key id must be 1-32 letters, digits, '_' or '-': " + id);
            }
            byte[] raw;
            try {
                raw = Base64.getDecoder().decode(b64.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("key " + id + " is not base64");
            }
            if (raw.length != 32) {
                throw new IllegalArgumentException("key " + id + " must be 32 bytes (AES-256), was " + raw.length);
            }
            keys.put(id, new SecretKeySpec(raw, "AES"));
        });
        if (!keys.containsKey(activeKeyId)) {
            throw new IllegalArgumentException("the active key id " + activeKeyId + " has no key");
        }
        return new KeyRing(activeKeyId, Map.copyOf(keys));
    }

    public String activeKeyId() {
        return activeKeyId;
    }

    public Set<String> keyIds() {
        return keys.keySet();
    }

    SecretKey key(String id) {
        SecretKey key = keys.get(id);
        if (key == null) {
            throw new CryptoException("no key-encryption key with id " + id + " is configured");
        }
        return key;
    }
}
