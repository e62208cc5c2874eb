package com.oauthconfig.console.signin;

import com.oauthconfig.console.ConsoleSettings;
import com.oauthconfig.console.client.Answer;
import com.oauthconfig.console.client.Service;
import com.oauthconfig.console.client.ServiceClient;
import com.oauthconfig.console.web.Caller;
import com.oauthconfig.console.web.ConsoleError;
import com.oauthconfig.console.web.Pages;
import com.oauthconfig.console.web.SignInRedirect;
import com.oauthconfig.console.web.SolutionChooser;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.vertx.core.http.HttpMethod;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * "Sign in to continue": the configurations a solution needs, each with the member's status, and
 * the token-service's real sign-in (authorization code + PKCE at the configuration's provider),
 * returning here. The provider's code goes from the browser to the console's callback and from
 * there to the token-service with the member's own token; the provider tokens never reach the browser.
 */
@Path("/")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class SignInResource {

    /** Which solution's page the sign-in returns to (not a secret; only a solution id). */
    static final String RETURN_COOKIE = "console_return";

    private final Template signin;
    private final SolutionChooser chooser;
    private final ServiceClient services;
    private final Caller caller;
    private final SignInRedirect redirect;
    private final ConsoleSettings settings;

    SignInResource(Template signin, SolutionChooser chooser, ServiceClient services, Caller caller, SignInRedirect redirect,
                   ConsoleSettings settings) {
        this.settings = settings;
        this.signin = signin;
        this.chooser = chooser;
        this.services = services;
        this.caller = caller;
        this.redirect = redirect;
    }

    @GET
    @Path("sign-in")
    public Object choose(@RestQuery String solutionId) {
        return chooser.choose(solutionId, "Sign in to continue", "/sign-in", "sign-in");
    }

    @GET
    @Path("solutions/{solutionId}/sign-in")
    public TemplateInstance status(@RestPath String solutionId, @RestQuery String done) {
        Answer a = services.get(Service.TOKEN, caller.bearer(),
                "/api/orgs/" + Pages.segment(caller.orgId()) + "/solutions/" + Pages.segment(solutionId) + "/sign-in-status", Map.of());
        if (!a.ok()) {
            throw ConsoleError.of(a);
        }
        return signin.data("caller", caller).data("title", "Sign in to continue").data("solutionId", solutionId)
                .data("entries", entries(a.body()))
                .data("notice", done == null ? null : switch (done) {
                    case "signed-in" -> "You are signed in.";
                    case "signed-out" -> "You are signed out.";
                    default -> null;
                });
    }

    @POST
    @Path("solutions/{solutionId}/sign-in/{configId}")
    public Response start(@RestPath String solutionId, @RestPath String configId, @Context UriInfo uri) {
        Map<String, String> request = new LinkedHashMap<>();
        request.put("redirectUrl", redirect.url(uri));
        settings.signInPrompt().ifPresent(p -> request.put("prompt", p));
        Answer a = services.send(HttpMethod.POST, Service.TOKEN, caller.bearer(),
                "/api/orgs/" + Pages.segment(caller.orgId()) + "/oauth-configs/" + Pages.segment(configId) + "/authorize",
                request, Map.of());
        if (a.status() == 400) {
            throw new ConsoleError(400, "Sign-in not possible",
                    "This configuration does not list the console's return address " + redirect.url(uri)
                            + " among its redirect URLs, or the provider refused: " + a.problemText() + " Ask an admin.");
        }
        if (!a.ok()) {
            throw ConsoleError.of(a);
        }
        boolean secure = "https".equals(uri.getBaseUri().getScheme());
        NewCookie back = new NewCookie.Builder(RETURN_COOKIE).value(Pages.segment(solutionId)).path(SignInRedirect.PATH)
                .maxAge(600).httpOnly(true).secure(secure).sameSite(NewCookie.SameSite.LAX).build();
        return Response.seeOther(URI.create(a.body().path("authorizationUrl").asText())).cookie(back).build();
    }

    @GET
    @Path("sign-in/callback")
    public Response callback(@RestQuery String code, @RestQuery String state, @RestQuery String iss, @RestQuery String error,
                             @CookieParam(RETURN_COOKIE) String solutionId) {
        Map<String, String> query = new LinkedHashMap<>();
        put(query, "code", code);
        put(query, "state", state);
        put(query, "iss", iss);
        put(query, "error", error);
        Answer a = services.get(Service.TOKEN, caller.bearer(), "/api/oauth/callback", query);
        if (!a.ok()) {
            int status = a.status() >= 500 ? 503 : 400;
            throw new ConsoleError(status, "Sign-in did not complete", a.problemText() + " Start the sign-in again.");
        }
        NewCookie clear = new NewCookie.Builder(RETURN_COOKIE).value("").path(SignInRedirect.PATH).maxAge(0).httpOnly(true).build();
        String back = solutionId == null || solutionId.isBlank() ? "/sign-in" : "/solutions/" + Pages.segment(solutionId) + "/sign-in?done=signed-in";
        return Response.seeOther(URI.create(back)).cookie(clear).build();
    }

    @POST
    @Path("solutions/{solutionId}/sign-out/{configId}")
    public Response signOut(@RestPath String solutionId, @RestPath String configId) {
        Answer a = services.send(HttpMethod.DELETE, Service.TOKEN, caller.bearer(),
                "/api/orgs/" + Pages.segment(caller.orgId()) + "/oauth-configs/" + Pages.segment(configId) + "/tokens/me", null, Map.of());
        if (!a.ok()) {
            throw ConsoleError.of(a);
        }
        return Pages.seeOther("/solutions/" + Pages.segment(solutionId) + "/sign-in?done=signed-out");
    }

    /** The status entries: the answer itself when it is a list, else its {@code entries} (or {@code items}) member. */
    private static com.fasterxml.jackson.databind.JsonNode entries(com.fasterxml.jackson.databind.JsonNode body) {
        if (body.isArray()) {
            return body;
        }
        return body.has("entries") ? body.path("entries") : body.path("items");
    }

    private static void put(Map<String, String> query, String name, String value) {
        if (value != null) {
            query.put(name, value);
        }
    }
}
