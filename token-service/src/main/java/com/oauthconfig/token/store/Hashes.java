package com.oauthconfig.token.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 for lookup keys (the sign-in state) and for naming a user in logs without the id itself. */
public final class Hashes {

    private Hashes() {
    }

    public static byte[] sha256(byte[] in) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(in);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Hex SHA-256 of the UTF-8 value. */
    public static String sha256Hex(String value) {
        return HexFormat.of().formatHex(sha256(value.getBytes(StandardCharsets.UTF_8)));
    }

    /** How logs and {@code toString}s name a user: {@code user#} and a 12-character hash prefix. */
    public static String userRef(String userId) {
        return "user#" + sha256Hex(userId).substring(0, 12);
    }
}
