package com.oauthconfig.console.credentials;

import com.fasterxml.jackson.databind.JsonNode;
import com.oauthconfig.console.client.Answer;
import com.oauthconfig.console.client.Service;
import com.oauthconfig.console.client.ServiceClient;
import com.oauthconfig.console.web.Caller;
import com.oauthconfig.console.web.ConsoleError;
import com.oauthconfig.console.web.Pages;
import com.oauthconfig.console.web.SolutionChooser;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.vertx.core.http.HttpMethod;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Solution credentials: a solution's OAuth aliases with their status (BROKEN with its reason), adding
 * one by choosing a configuration, and repairing one by choosing another. The credential-alias-service
 * checks every choice; this class shows its answers.
 */
// At the root, not "/solutions": a class claiming "/solutions" would take every address under it, and
// the members' page /solutions/{id}/sign-in (SignInResource) would answer 404.
@Path("/")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class CredentialsResource {

    private final Template credentials;
    private final SolutionChooser chooser;
    private final ServiceClient services;
    private final Caller caller;

    CredentialsResource(Template credentials, SolutionChooser chooser, ServiceClient services, Caller caller) {
        this.credentials = credentials;
        this.chooser = chooser;
        this.services = services;
        this.caller = caller;
    }

    @GET
    @Path("solutions")
    public Object choose(@RestQuery String solutionId) {
        return chooser.choose(solutionId, "Solution credentials", "/solutions", "credentials");
    }

    @GET
    @Path("solutions/{solutionId}/credentials")
    public TemplateInstance list(@RestPath String solutionId, @RestQuery String done) {
        return page(solutionId).data("notice", done == null ? null : switch (done) {
            case "added" -> "The OAuth alias was added.";
            case "repaired" -> "The credential now uses the chosen configuration.";
            default -> null;
        }).data("errors", Map.of()).data("name", "");
    }

    @POST
    @Path("solutions/{solutionId}/credentials")
    public Object add(@RestPath String solutionId, @RestForm String name, @RestForm String oauthConfigId) {
        Answer a = services.send(HttpMethod.POST, Service.ALIAS, caller.bearer(), base(solutionId),
                Map.of("name", name == null ? "" : name, "type", "OAUTH_ALIAS", "oauthConfigId", oauthConfigId == null ? "" : oauthConfigId),
                Map.of());
        if (a.status() == 201) {
            return Pages.seeOther("/solutions/" + Pages.segment(solutionId) + "/credentials?done=added");
        }
        if (a.status() == 400 || a.status() == 409) {
            Map<String, String> errors = a.fieldErrors();
            if (errors.isEmpty()) {
                errors = Map.of("name", a.problemText());
            }
            return page(solutionId).data("errors", errors).data("name", name == null ? "" : name).data("notice", null);
        }
        throw ConsoleError.of(a);
    }

    @POST
    @Path("solutions/{solutionId}/credentials/{credentialId}")
    public Object repoint(@RestPath String solutionId, @RestPath String credentialId, @RestForm String name,
                          @RestForm String oauthConfigId, @RestForm Long version) {
        Map<String, String> headers = version == null ? Map.of() : Map.of("If-Match", "\"" + version + "\"");
        Answer a = services.send(HttpMethod.PUT, Service.ALIAS, caller.bearer(), base(solutionId) + "/" + Pages.segment(credentialId),
                Map.of("name", name == null ? "" : name, "type", "OAUTH_ALIAS", "oauthConfigId", oauthConfigId == null ? "" : oauthConfigId),
                headers);
        if (a.ok()) {
            return Pages.seeOther("/solutions/" + Pages.segment(solutionId) + "/credentials?done=repaired");
        }
        if (a.status() == 400 || a.status() == 409 || a.status() == 412) {
            String text = a.status() == 412 ? "Someone else changed this credential meanwhile; nothing was saved. Look at it again."
                    : String.join("; ", a.fieldErrors().values().isEmpty() ? List.of(a.problemText()) : a.fieldErrors().values());
            return page(solutionId).data("errors", Map.of(credentialId, text)).data("name", "").data("notice", null);
        }
        throw ConsoleError.of(a);
    }

    private TemplateInstance page(String solutionId) {
        Answer list = services.get(Service.ALIAS, caller.bearer(), base(solutionId), Map.of("size", "200"));
        if (!list.ok()) {
            throw ConsoleError.of(list);
        }
        Answer configs = services.get(Service.CONFIG, caller.bearer(), "/api/orgs/" + Pages.segment(caller.orgId()) + "/oauth-configs",
                Map.of("size", "100", "sort", "title,asc"));
        if (!configs.ok()) {
            throw ConsoleError.of(configs);
        }
        Map<String, String> titles = new LinkedHashMap<>();
        for (JsonNode c : configs.body().path("items")) {
            titles.put(c.path("id").asText(), c.path("name").asText() + " (" + c.path("title").asText() + ")");
        }
        return credentials.data("caller", caller).data("title", "Solution credentials").data("solutionId", solutionId)
                .data("items", list.body().path("items")).data("configs", titles);
    }

    private String base(String solutionId) {
        return "/api/orgs/" + Pages.segment(caller.orgId()) + "/solutions/" + Pages.segment(solutionId) + "/credentials";
    }
}
