package com.oauthconfig.token.injection;

import com.oauthconfig.token.handout.FailureReason;

/**
 * The causes of {@code OAuthCredentialsMissingError}, each with its stable {@code reason} code and
 * the plain-language message end users see (the seed's advice: no jargon such as "OAuth",
 * "token" or "credentials"; say what happened and what to do).
 */
public enum MissingSignIn {
    NOT_SIGNED_IN("You are not signed in to this account yet. Please sign in to continue.", true),
    REFRESH_FAILED("Your sign-in has expired. Please sign in again to continue.", true),
    REVOKED("You signed out of this account. Please sign in again to continue.", true),
    CONFIG_REMOVED("This connection is no longer available in your organisation. Please contact your administrator.", false),
    CONSENT_REQUIRED("Your administrator changed this connection. Please sign in again to continue.", true),
    ALIAS_BROKEN("This app's connection is not set up correctly. Please contact your administrator.", false),
    /** The organisation's machine token: the provider refused the config's client; signing in cannot help. */
    CLIENT_REFUSED("This app could not connect to the service on your organisation's behalf. Please contact your administrator.", false),
    /** The last sign-in was declined at the provider (by the user or the provider); until a sign-in completes. */
    SIGN_IN_DENIED("Signing in to this account was declined. Please try again, or contact your administrator if this continues.", true);

    private final String message;
    private final boolean canSignIn;

    MissingSignIn(String message, boolean canSignIn) {
        this.message = message;
        this.canSignIn = canSignIn;
    }

    public String message() {
        return message;
    }

    /** False when signing in cannot help (nothing to sign in to); the error then carries no sign-in URL. */
    public boolean canSignIn() {
        return canSignIn;
    }

    /** The cause for a token-store reason that needs a sign-in. */
    public static MissingSignIn of(FailureReason reason) {
        return valueOf(reason.name());
    }
}
