package com.oauthconfig.config.service;

/**
 * What a write does to the client secret: keep it (field absent), set it, or clear it (explicit
 * null). The secret is write-only, so a caller replacing a record cannot send it back; absence
 * therefore means "unchanged". {@link #toString()} never shows the value.
 */
public record SecretChange(Kind kind, String value) {

    public enum Kind { KEEP, SET, CLEAR }

    public static final SecretChange KEEP = new SecretChange(Kind.KEEP, null);
    public static final SecretChange CLEAR = new SecretChange(Kind.CLEAR, null);

    public static SecretChange set(String value) {
        return new SecretChange(Kind.SET, value);
    }

    @Override
    public String toString() {
        return "SecretChange[" + kind + "]";
    }
}
