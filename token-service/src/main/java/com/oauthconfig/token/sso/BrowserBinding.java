package com.oauthconfig.token.sso;

import com.oauthconfig.token.signin.CodeFlowSecrets;
import com.oauthconfig.token.store.Hashes;

import java.time.Duration;

/**
 * Binds an SSO sign-in to the browser that started it: a random value in an HttpOnly, Secure,
 * SameSite=Lax cookie, of which the transaction keeps only the SHA-256. A state copied to another
 * browser (a leaked redirect, or an attacker's own sign-in pushed on a victim: login CSRF) cannot be
 * completed there. Lax, not Strict: the provider's redirect back is a cross-site top-level GET.
 */
public final class BrowserBinding {

    /** {@code __Host-}: only over https, only set by this host, for every path of it. */
    public static final String COOKIE = "__Host-sso-binding";

    private BrowserBinding() {
    }

    public static String create() {
        return CodeFlowSecrets.random(32);
    }

    public static boolean valid(String value) {
        return value != null && value.matches("[A-Za-z0-9_-]{43}");
    }

    public static String hash(String value) {
        return Hashes.sha256Hex(value);
    }

    public static String setCookie(String value, Duration maxAge) {
        return COOKIE + "=" + value + "; Path=/; Max-Age=" + maxAge.toSeconds() + "; Secure; HttpOnly; SameSite=Lax";
    }
}
