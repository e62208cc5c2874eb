package com.oauthconfig.token.sso;

import com.oauthconfig.common.problem.ProblemException;
import com.oauthconfig.common.problem.ProblemType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Why an SSO sign-in was refused: problem {@code sso-refused} (400) with a stable {@code reason}
 * the platform's login screen can match on, and a plain-language detail. Never a token or code.
 */
public final class SsoRefusal {

    public static final ProblemType SSO_REFUSED = new ProblemType("sso-refused", 400, "The single sign-on could not be completed");
    public static final ProblemType SSO_NOT_CONFIGURED = new ProblemType("sso-not-configured", 503,
            "Single sign-on to the platform is not configured on this service");

    /** The stable reasons. */
    public enum Reason {
        EMAIL_DOMAIN_NOT_ALLOWED, EMAIL_NOT_VERIFIED, EMAIL_MISSING, STATE_INVALID, BROWSER_MISMATCH, ISSUER_MISMATCH,
        PROVIDER_ERROR, CODE_MISSING, ID_TOKEN_INVALID, CONFIG_CHANGED, CALLBACK_NOT_REGISTERED, PROVIDER_UNSUITABLE
    }

    private SsoRefusal() {
    }

    public static ProblemException of(Reason reason, String detail) {
        return of(reason, detail, Map.of());
    }

    public static ProblemException of(Reason reason, String detail, Map<String, Object> more) {
        Map<String, Object> extensions = new LinkedHashMap<>(more);
        extensions.put("reason", reason.name());
        return new ProblemException(SSO_REFUSED, detail, List.of(), extensions);
    }
}
