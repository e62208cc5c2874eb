package com.oauthconfig.console.domains;

import com.oauthconfig.console.client.Answer;
import com.oauthconfig.console.client.Service;
import com.oauthconfig.console.client.ServiceClient;
import com.oauthconfig.console.web.Caller;
import com.oauthconfig.console.web.ConsoleError;
import com.oauthconfig.console.web.Pages;
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
import org.jboss.resteasy.reactive.RestQuery;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The organisation's registered domains: admins read them; platform support (SUPPORT) edits any organisation's. */
@Path("/domains")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class DomainsResource {

    private final Template domains;
    private final ServiceClient services;
    private final Caller caller;

    DomainsResource(Template domains, ServiceClient services, Caller caller) {
        this.domains = domains;
        this.services = services;
        this.caller = caller;
    }

    @GET
    public TemplateInstance show(@RestQuery String org, @RestQuery String done) {
        String orgId = org == null || org.isBlank() ? caller.orgId() : org.trim();
        Answer a = services.get(Service.CONFIG, caller.bearer(), "/api/orgs/" + Pages.segment(orgId) + "/domains", Map.of());
        if (!a.ok()) {
            throw ConsoleError.of(a);
        }
        return page(orgId, a).data("notice", "saved".equals(done) ? "The domains were saved." : null).data("error", null);
    }

    @POST
    public Object save(@RestForm String org, @RestForm String domainList) {
        String orgId = Pages.segment(org);
        List<String> list = domainList == null ? List.of()
                : Arrays.stream(domainList.split("[\\s,]+")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        Answer a = services.send(HttpMethod.PUT, Service.CONFIG, caller.bearer(), "/api/orgs/" + orgId + "/domains",
                Map.of("domains", list), Map.of());
        if (a.ok()) {
            return Pages.seeOther("/domains?org=" + orgId + "&done=saved");
        }
        if (a.status() == 400 || a.status() == 409) {
            Answer current = services.get(Service.CONFIG, caller.bearer(), "/api/orgs/" + orgId + "/domains", Map.of());
            if (!current.ok()) {
                throw ConsoleError.of(current);
            }
            return page(orgId, current).data("notice", null).data("error", a.problemText() + " "
                    + String.join("; ", a.fieldErrors().values()));
        }
        throw ConsoleError.of(a);
    }

    private TemplateInstance page(String orgId, Answer a) {
        return domains.data("caller", caller).data("title", "Domains").data("org", orgId).data("domains", texts(a))
                .data("updatedBy", a.body().path("updatedBy").asText("")).data("domainText",
                        String.join("\n", texts(a)));
    }

    private static List<String> texts(Answer a) {
        return java.util.stream.StreamSupport.stream(a.body().path("domains").spliterator(), false).map(n -> n.asText()).toList();
    }
}
