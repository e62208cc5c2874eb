package com.oauthconfig.common.security;

/** Role names carried in the platform token's {@code roles} claim. */
public final class Roles {

    public static final String ADMIN = "ADMIN";
    public static final String OWNER = "OWNER";
    public static final String MEMBER = "MEMBER";
    public static final String SUPPORT = "SUPPORT";
    /** Platform services calling each other with client-credentials tokens. */
    public static final String SERVICE = "SERVICE";

    private Roles() {
    }
}
