package com.oauthconfig.console.signin;

import io.quarkus.qute.TemplateExtension;

/** The token-service's sign-in states in the words a member reads on "Sign in to continue". */
@TemplateExtension(namespace = "signInStatus")
public final class SignInStatusText {

    private SignInStatusText() {
    }

    static String text(Object status) {
        if (status == null) {
            return "Not signed in";
        }
        return switch (status.toString()) {
            case "SIGNED_IN" -> "Signed in";
            case "NOT_SIGNED_IN" -> "Not signed in";
            case "REVOKED" -> "Not signed in: the sign-in was ended";
            case "REFRESH_FAILED" -> "Not signed in: the sign-in expired";
            case "CONSENT_REQUIRED" -> "Not signed in: the provider asks for your consent";
            case "SIGN_IN_DENIED" -> "Not signed in: the provider declined the last sign-in";
            case "CONFIG_REMOVED" -> "Not available: the configuration was removed";
            case "ALIAS_BROKEN" -> "Not available: the credential needs repair";
            default -> "Not signed in: " + status;
        };
    }
}
