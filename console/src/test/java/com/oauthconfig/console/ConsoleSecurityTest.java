package com.oauthconfig.console;

import com.oauthconfig.rig.OidcProvider;
import com.oauthconfig.rig.Rig;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.HttpCookie;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the console promises without needing a browser or the services: sign-in by code flow with
 * PKCE, an encrypted HttpOnly session, a strict Content-Security-Policy on every answer, CSRF
 * refusal of a form post without its token, and error pages instead of stack traces.
 */
@QuarkusTest
@WithTestResource(PlatformIdp.class)
class ConsoleSecurityTest {

    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.");
    private static final String ADMIN = "{\"org_id\":\"acme\",\"roles\":[\"ADMIN\"]}";

    @TestHTTPResource("/")
    URL console;

    @Test
    void anAnonymousVisitorIsSentToThePlatformProviderWithPkce() throws Exception {
        HttpResponse<String> r = new SignedInClient(console.toString()).get("/oauth-configs");
        assertEquals(302, r.statusCode());
        String location = r.headers().firstValue("Location").orElseThrow();
        assertTrue(location.contains("/platform/authorize"), location);
        assertTrue(location.contains("code_challenge=") && location.contains("code_challenge_method=S256"), location);
        assertStrictPolicy(r);
    }

    @Test
    void theSessionCookieIsEncryptedAndHttpOnlyAndPagesCarryNoTokenAndNoInlineScript() throws Exception {
        SignedInClient browser = new SignedInClient(console.toString());
        HttpResponse<String> home = browser.signIn("alice", ADMIN);
        assertEquals(200, home.statusCode(), home.body());
        assertTrue(home.body().contains("OAuth Configurations"), "the admin's start page");
        assertStrictPolicy(home);
        assertNoInlineScript(home.body());
        assertFalse(JWT.matcher(home.body()).find(), "no token in the page");

        HttpCookie session = browser.cookies().stream().filter(c -> c.getName().equals("q_session")).findFirst().orElseThrow();
        assertTrue(session.isHttpOnly(), "the session cookie is HttpOnly");
        assertEquals(5, session.getValue().split("\\.", -1).length, "a JWE (encrypted), not a readable token");
        assertFalse(JWT.matcher(session.getValue()).find(), "no readable token in the cookie");
    }

    @Test
    void aFormPostWithoutItsCsrfTokenIsRefusedAndAnUnavailableServiceIsAPage() throws Exception {
        SignedInClient browser = new SignedInClient(console.toString());
        browser.signIn("alice", ADMIN);
        HttpResponse<String> refused = browser.postForm("/oauth-configs/new", "name=Forged");
        assertEquals(403, refused.statusCode());
        assertStrictPolicy(refused);
        assertConsolePage(refused, "The form was not accepted");

        HttpResponse<String> form = browser.get("/domains");
        // The domains page needs the config-service, which does not run here: an error page, no stack trace.
        assertEquals(503, form.statusCode());
        assertTrue(form.body().contains("config-service did not answer"), form.body());
        assertFalse(form.body().contains("Exception") || form.body().contains("at com."), "no stack trace");

        HttpResponse<String> forged = browser.postForm("/oauth-configs/new", "csrf-token=forged&name=Forged");
        assertEquals(403, forged.statusCode(), "a token that is not the session's is refused too");
        assertConsolePage(forged, "The form was not accepted");
    }

    @Test
    void signingOutIsAFormPostWithItsCsrfTokenAndACrossSiteAttemptWithoutItLeavesThePersonSignedIn() throws Exception {
        SignedInClient browser = new SignedInClient(console.toString());
        HttpResponse<String> home = browser.signIn("alice", ADMIN);
        assertTrue(Pattern.compile("<form method=\"post\" action=\"/sign-out\"[^>]*>\\s*<input type=\"hidden\" name=\"csrf-token\"")
                .matcher(home.body()).find(), "the header's Sign out is a form post carrying the CSRF token: " + home.body());

        // What another site can make the browser do: a post (or a plain link) to /sign-out, without the console's token.
        HttpResponse<String> forged = browser.postForm("/sign-out", "");
        assertEquals(403, forged.statusCode());
        assertConsolePage(forged, "The form was not accepted");
        HttpResponse<String> link = browser.get("/sign-out");
        assertEquals(200, link.statusCode(), "a link only shows the Sign out button");
        HttpResponse<String> still = browser.get("/");
        assertEquals(200, still.statusCode(), "still signed in");

        // The Sign out button of the page last loaded (each page load signs a new token into the cookie).
        int revocations = Rig.oidc().requestCount(OidcProvider.PLATFORM_ISSUER_ID, "revoke");
        HttpResponse<String> signedOut = browser.postForm("/sign-out", "csrf-token=" + SignedInClient.enc(csrfToken(still.body())));
        // Refresh and access token revoked at the provider: a copied session cookie cannot be refreshed any more.
        assertEquals(revocations + 2, Rig.oidc().requestCount(OidcProvider.PLATFORM_ISSUER_ID, "revoke"));
        assertEquals(303, signedOut.statusCode(), signedOut.body());
        String endSession = signedOut.headers().firstValue("Location").orElseThrow();
        assertTrue(endSession.contains("/platform/endsession") && endSession.contains("post_logout_redirect_uri="), endSession);
        assertFalse(JWT.matcher(endSession).find() || endSession.contains("id_token_hint"), "no token in the address: " + endSession);
        HttpResponse<String> after = browser.get("/");
        assertEquals(302, after.statusCode(), "signed out: the next page asks the provider again");
        assertTrue(after.headers().firstValue("Location").orElse("").contains("/platform/authorize"));
    }

    @Test
    void aMembersSignInPageIsReachedUnderItsSolutionBesideTheSolutionsCredentials() throws Exception {
        SignedInClient browser = new SignedInClient(console.toString());
        browser.signIn("bob", "{\"org_id\":\"acme\",\"roles\":[\"MEMBER\"]}");
        // The page asks the token-service, which does not run here: its error page, not "not found".
        HttpResponse<String> page = browser.get("/solutions/sol-1/sign-in");
        assertEquals(503, page.statusCode(), page.body());
        assertTrue(page.body().contains("token-service did not answer"), page.body());
        HttpResponse<String> credentials = browser.get("/solutions/sol-1/credentials");
        assertEquals(503, credentials.statusCode(), "the credentials page under the same solution path: " + credentials.body());
        assertEquals(303, browser.get("/solutions?solutionId=sol-1").statusCode(), "the chooser leads to the solution's page");
    }

    private static String csrfToken(String html) {
        Matcher m = Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"").matcher(html);
        assertTrue(m.find(), "the page carries the CSRF token: " + html);
        return m.group(1);
    }

    /** An error page in the console's layout (header, the problem as a heading), not the extension's empty answer. */
    private static void assertConsolePage(HttpResponse<String> r, String heading) {
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), r.headers().toString());
        assertTrue(r.body().contains("class=\"brand\"") && r.body().contains("<h1>" + heading + "</h1>"), r.body());
        assertFalse(r.body().contains("Exception"), "no stack trace");
    }

    @Test
    void anUnknownAddressIsANotFoundPageWithoutInternals() throws Exception {
        SignedInClient browser = new SignedInClient(console.toString());
        browser.signIn("alice", ADMIN);
        HttpResponse<String> r = browser.get("/no-such-page");
        assertEquals(404, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(r.body().contains("Not found"), r.body());
        assertStrictPolicy(r);
        HttpResponse<String> badId = browser.get("/oauth-configs/..%2F..%2Finternal");
        assertEquals(404, badId.statusCode(), "an id that is not one never reaches a service path");
    }

    private static void assertStrictPolicy(HttpResponse<String> r) {
        String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("default-src 'none'") && csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"), csp);
        assertFalse(csp.contains("unsafe-inline") || csp.contains("unsafe-eval"), csp);
        assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertEquals("no-referrer", r.headers().firstValue("Referrer-Policy").orElse(""));
    }

    private static void assertNoInlineScript(String html) {
        Matcher scripts = Pattern.compile("<script([^>]*)>").matcher(html);
        while (scripts.find()) {
            assertTrue(scripts.group(1).contains("src="), "inline script: " + scripts.group());
        }
        assertFalse(Pattern.compile("\\son[a-z]+=", Pattern.CASE_INSENSITIVE).matcher(html).find(), "inline event handler");
        assertFalse(Pattern.compile("\\sstyle=", Pattern.CASE_INSENSITIVE).matcher(html).find(), "inline style");
    }

}
