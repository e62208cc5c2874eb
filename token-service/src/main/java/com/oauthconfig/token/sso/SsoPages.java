package com.oauthconfig.token.sso;

import com.oauthconfig.common.http.Origins;
import com.oauthconfig.common.problem.ProblemException;
import com.oauthconfig.common.ratelimit.RateLimitedException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The HTML a browser sees at the SSO steps: the page that posts the assertion to the platform
 * (form_post: the assertion travels in a POST body, never in a URL, history or Referer), and a
 * plain error page (status, a sentence, the stable reason; never a stack trace).
 */
final class SsoPages {

    private static final String SUBMIT_SCRIPT = "document.getElementById('sso').submit();";
    private static final String SUBMIT_SCRIPT_HASH = "'sha256-" + Base64.getEncoder().encodeToString(
            com.oauthconfig.token.store.Hashes.sha256(SUBMIT_SCRIPT.getBytes(StandardCharsets.UTF_8))) + "'";
    /** The form field names the platform's SSO endpoint reads. */
    static final String ASSERTION_FIELD = "assertion";
    static final String RELAY_STATE_FIELD = "relay_state";

    private SsoPages() {
    }

    static Response assertionPost(SsoService.Asserted a) {
        StringBuilder html = new StringBuilder()
                .append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Signing you in</title></head>\n")
                .append("<body><form id=\"sso\" method=\"post\" action=\"").append(escape(a.returnUrl())).append("\">\n")
                .append("<input type=\"hidden\" name=\"").append(ASSERTION_FIELD).append("\" value=\"").append(escape(a.assertion())).append("\">\n");
        if (a.relayState() != null) {
            html.append("<input type=\"hidden\" name=\"").append(RELAY_STATE_FIELD).append("\" value=\"").append(escape(a.relayState())).append("\">\n");
        }
        html.append("<noscript><button type=\"submit\">Continue</button></noscript>\n</form>\n")
                .append("<script>").append(SUBMIT_SCRIPT).append("</script>\n</body></html>\n");
        return secured(Response.ok(html.toString(), MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")),
                "default-src 'none'; script-src " + SUBMIT_SCRIPT_HASH + "; form-action " + Origins.of(a.returnUrl())
                        + "; base-uri 'none'; frame-ancestors 'none'").build();
    }

    static Response error(ProblemException e) {
        Object reason = e.extensions().get("reason");
        String html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(e.type().title())
                + "</title></head>\n<body><h1>" + escape(e.type().title()) + "</h1>\n<p id=\"detail\">" + escape(e.getMessage())
                + "</p>\n" + (reason == null ? "" : "<p>Reason: <code id=\"reason\">" + escape(reason.toString()) + "</code></p>\n")
                + "</body></html>\n";
        Response.ResponseBuilder b = secured(Response.status(e.type().status()).entity(html).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")),
                "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
        if (e instanceof RateLimitedException limited) {
            b.header("Retry-After", Long.toString(limited.retryAfterSeconds()));
        }
        return b.build();
    }

    private static Response.ResponseBuilder secured(Response.ResponseBuilder b, String csp) {
        return b.header("Cache-Control", "no-store").header("Pragma", "no-cache").header("Referrer-Policy", "no-referrer")
                .header("X-Frame-Options", "DENY").header("X-Content-Type-Options", "nosniff").header("Content-Security-Policy", csp);
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
