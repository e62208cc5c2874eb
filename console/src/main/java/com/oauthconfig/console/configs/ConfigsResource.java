package com.oauthconfig.console.configs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.oauthconfig.console.ConsoleSettings;
import com.oauthconfig.console.client.Answer;
import com.oauthconfig.console.client.Service;
import com.oauthconfig.console.client.ServiceClient;
import com.oauthconfig.console.web.Caller;
import com.oauthconfig.console.web.ConsoleError;
import com.oauthconfig.console.web.Pages;
import com.oauthconfig.console.web.SignInRedirect;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.vertx.core.http.HttpMethod;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OAuth Configurations: the list (paging, sort), Add OAuth, the side panel of one configuration
 * (Save with If-Match, Show schema, Check, Remove with its references) and its audit history.
 * Every decision (role, tenancy, field rules) is the config-service's; this class shows its answers.
 */
@Path("/oauth-configs")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class ConfigsResource {

    private static final Set<String> SORTABLE = Set.of("name", "title", "type", "updatedAt");
    /** Fields the form shows; an error for any other field is listed above the form. */
    private static final Set<String> FORM_FIELDS = Set.of("name", "title", "type", "imageUrl", "loginHint", "domains",
            "redirectUrls", "clientId", "clientSecret", "issuer", "endpoints", "usePkce", "useNonce", "scopes", "tenantId", "audience",
            "ssoEnabled", "ssoEmailAuthoritative");

    private final Template configs;
    private final Template audit;
    private final ServiceClient services;
    private final Caller caller;
    private final ConsoleSettings settings;
    private final SignInRedirect signInRedirect;
    private final ObjectMapper json;

    ConfigsResource(Template configs, Template audit, ServiceClient services, Caller caller, ConsoleSettings settings,
                    SignInRedirect signInRedirect, ObjectMapper json) {
        this.configs = configs;
        this.audit = audit;
        this.services = services;
        this.caller = caller;
        this.settings = settings;
        this.signInRedirect = signInRedirect;
        this.json = json;
    }

    @GET
    public TemplateInstance list(@RestQuery Integer page, @RestQuery String sort, @RestQuery String done) {
        return page(page, sort).data("notice", notice(done));
    }

    @GET
    @Path("new")
    public TemplateInstance addForm(@RestQuery boolean schema, @Context UriInfo uri) {
        ConfigForm form = ConfigForm.blank(signInRedirect.url(uri));
        TemplateInstance t = page(null, null).data("panel", schema ? "schema-new" : "new").data("form", form)
                .data("errors", Map.of()).data("otherErrors", List.of());
        return schema ? t.data("schemaText", pretty(form.toRecord(json.createObjectNode()))) : withDomains(t, form);
    }

    @POST
    @Path("new")
    public Object add(@BeanParam ConfigForm form) {
        Answer a = services.send(HttpMethod.POST, Service.CONFIG, caller.bearer(), base(), form.toRecord(json.createObjectNode()), Map.of());
        if (a.status() == 201) {
            return Pages.seeOther("/oauth-configs/" + a.body().path("id").asText() + "?done=added");
        }
        if (a.status() == 400 || a.status() == 409) {
            FormErrors e = errorsOf(a);
            return withDomains(e.on(page(null, null).data("panel", "new").data("form", form)), form, e.byField());
        }
        throw ConsoleError.of(a);
    }

    @POST
    @Path("new/schema")
    public Object addRaw(@RestForm String schemaText) {
        Answer a = services.send(HttpMethod.POST, Service.CONFIG, caller.bearer(), base(), rawBody(schemaText), Map.of());
        if (a.status() == 201) {
            return Pages.seeOther("/oauth-configs/" + a.body().path("id").asText() + "?schema=true&done=added");
        }
        if (a.status() == 400 || a.status() == 409) {
            return errorsOf(a).on(page(null, null).data("panel", "schema-new")).data("schemaText", schemaText).data("form", new ConfigForm());
        }
        throw ConsoleError.of(a);
    }

    @GET
    @Path("{id}")
    public TemplateInstance panel(@RestPath String id, @RestQuery boolean schema, @RestQuery String done,
                                  @RestQuery Integer page, @RestQuery String sort) {
        Answer a = read(id);
        ConfigForm form = ConfigForm.fromRecord(a.body());
        TemplateInstance t = page(page, sort).data("panel", schema ? "schema-edit" : "edit").data("id", id).data("form", form)
                .data("record", a.body()).data("errors", Map.of()).data("otherErrors", List.of()).data("notice", notice(done));
        return schema ? t.data("schemaText", pretty(a.body())) : withDomains(t, form);
    }

    @POST
    @Path("{id}")
    public Object save(@RestPath String id, @BeanParam ConfigForm form) {
        Answer current = read(id);
        ObjectNode record = form.toRecord((ObjectNode) current.body());
        Answer a = put(id, form.version, record);
        if (a.ok()) {
            return Pages.seeOther("/oauth-configs/" + id + "?done=saved");
        }
        form.clientSecretSet = current.body().path("clientSecretSet").asBoolean(false);
        FormErrors e = refusal(a);
        TemplateInstance t = e.on(page(null, null).data("panel", "edit").data("id", id).data("form", form).data("record", current.body()))
                .data("conflict", conflict(a));
        return withDomains(t, form, e.byField());
    }

    @POST
    @Path("{id}/schema")
    public Object saveRaw(@RestPath String id, @RestForm String schemaText, @RestForm Long version) {
        Answer current = read(id);
        Answer a = put(id, version, rawBody(schemaText));
        if (a.ok()) {
            return Pages.seeOther("/oauth-configs/" + id + "?schema=true&done=saved");
        }
        ConfigForm form = ConfigForm.fromRecord(current.body());
        form.version = version;
        return refusal(a).on(page(null, null).data("panel", "schema-edit").data("id", id).data("form", form).data("record", current.body())
                .data("schemaText", schemaText)).data("conflict", conflict(a));
    }

    @POST
    @Path("{id}/remove")
    public Object remove(@RestPath String id, @RestForm boolean force) {
        String path = base() + "/" + Pages.segment(id) + (force ? "?force=true" : "");
        Answer a = services.send(HttpMethod.DELETE, Service.CONFIG, caller.bearer(), path, null, Map.of());
        if (a.ok()) {
            return Pages.seeOther("/oauth-configs?done=removed");
        }
        if (a.status() == 409) {
            Answer current = read(id);
            return page(null, null).data("panel", "remove").data("id", id).data("record", current.body())
                    .data("references", a.body().path("references")).data("totalReferences", a.body().path("totalReferences").asInt());
        }
        throw ConsoleError.of(a);
    }

    @POST
    @Path("{id}/check")
    public TemplateInstance check(@RestPath String id) {
        Answer current = read(id);
        Answer a = services.send(HttpMethod.POST, Service.TOKEN, caller.bearer(),
                "/api/orgs/" + Pages.segment(caller.orgId()) + "/oauth-configs/" + Pages.segment(id) + "/check", "{}", Map.of());
        if (!a.ok()) {
            throw ConsoleError.of(a);
        }
        return page(null, null).data("panel", "check").data("id", id).data("record", current.body()).data("check", a.body());
    }

    @GET
    @Path("{id}/audit")
    public TemplateInstance history(@RestPath String id, @RestQuery Integer page) {
        int p = page == null || page < 0 ? 0 : page;
        Answer a = services.get(Service.CONFIG, caller.bearer(), base() + "/" + Pages.segment(id) + "/audit",
                Map.of("page", String.valueOf(p), "size", String.valueOf(settings.pageSize())));
        if (!a.ok()) {
            throw ConsoleError.of(a);
        }
        return audit.data("caller", caller).data("id", id).data("entries", a.body().path("items"))
                .data("page", p).data("hasNext", (long) (p + 1) * settings.pageSize() < a.body().path("total").asLong())
                .data("title", "Audit history");
    }

    private Answer read(String id) {
        Answer a = services.get(Service.CONFIG, caller.bearer(), base() + "/" + Pages.segment(id), Map.of());
        if (!a.ok()) {
            throw ConsoleError.of(a);
        }
        return a;
    }

    private Answer put(String id, Long version, Object body) {
        Map<String, String> headers = version == null ? Map.of() : Map.of("If-Match", "\"" + version + "\"");
        return services.send(HttpMethod.PUT, Service.CONFIG, caller.bearer(), base() + "/" + Pages.segment(id), body, headers);
    }

    /** The list, always on the page; the panel (if any) opens beside it. */
    private TemplateInstance page(Integer page, String sort) {
        int p = page == null || page < 0 ? 0 : page;
        String s = sort != null && SORTABLE.contains(sort.split(",")[0]) && sort.matches("[A-Za-z]+,(asc|desc)") ? sort : "updatedAt,desc";
        Answer a = services.get(Service.CONFIG, caller.bearer(), base(),
                Map.of("page", String.valueOf(p), "size", String.valueOf(settings.pageSize()), "sort", s));
        if (!a.ok()) {
            throw ConsoleError.of(a);
        }
        long total = a.body().path("total").asLong();
        List<SortLink> columns = new ArrayList<>();
        for (String c : List.of("name", "title", "type", "updatedAt")) {
            boolean active = s.startsWith(c + ",");
            boolean asc = s.endsWith(",asc");
            columns.add(new SortLink(c, switch (c) {
                case "updatedAt" -> "Updated";
                default -> Character.toUpperCase(c.charAt(0)) + c.substring(1);
            }, c + "," + (active && asc ? "desc" : "asc"), active ? (asc ? "ascending" : "descending") : "none"));
        }
        return configs.data("caller", caller).data("title", "OAuth Configurations").data("items", a.body().path("items"))
                .data("page", p).data("sort", s).data("total", total).data("columns", columns)
                .data("hasPrevious", p > 0).data("hasNext", (long) (p + 1) * settings.pageSize() < total)
                .data("panel", "none").data("notice", null).data("conflict", null).data("supportEmail", settings.supportEmail());
    }

    private TemplateInstance withDomains(TemplateInstance t, ConfigForm form) {
        return withDomains(t, form, Map.of());
    }

    private TemplateInstance withDomains(TemplateInstance t, ConfigForm form, Map<String, String> errors) {
        Answer d = services.get(Service.CONFIG, caller.bearer(), "/api/orgs/" + Pages.segment(caller.orgId()) + "/domains", Map.of());
        List<String> registered = new ArrayList<>();
        if (d.ok()) {
            d.body().path("domains").forEach(n -> registered.add(n.asText()));
        }
        return t.data("domainOptions", form.domainOptions(registered)).data("redirectRows", form.redirectRows(errors))
                .data("typeOptions", form.typeOptions());
    }

    /** Field errors go next to their fields (by the field's first name segment); the rest above the form. */
    private static FormErrors errorsOf(Answer a) {
        Map<String, String> byField = new LinkedHashMap<>();
        List<String> other = new ArrayList<>();
        a.fieldErrors().forEach((field, rule) -> {
            String head = field.split("[.\\[]")[0];
            if (FORM_FIELDS.contains(head)) {
                byField.put(field, rule);
                // endpoints.token shows at the endpoints; redirectUrls[2] at its own row.
                if (!field.equals(head) && !head.equals("redirectUrls")) {
                    byField.merge(head, field + ": " + rule, (x, y) -> x + "; " + y);
                }
            } else {
                other.add((field.equals("_") ? "" : field + ": ") + rule);
            }
        });
        if (byField.isEmpty() && other.isEmpty()) {
            other.add(a.problemText());
        }
        return new FormErrors(byField, other);
    }

    private record FormErrors(Map<String, String> byField, List<String> other) {
        TemplateInstance on(TemplateInstance t) {
            return t.data("errors", byField).data("otherErrors", other);
        }
    }

    /** A refused save: 412/428 is a concurrent edit (never overwritten), 400/409 field errors; anything else an error page. */
    private static FormErrors refusal(Answer a) {
        if (a.status() == 412 || a.status() == 428) {
            return new FormErrors(Map.of(), List.of());
        }
        if (a.status() == 400 || a.status() == 409 || a.status() == 422) {
            return errorsOf(a);
        }
        throw ConsoleError.of(a);
    }

    private static String conflict(Answer a) {
        return a.status() == 412 || a.status() == 428
                ? "Someone else saved this configuration after you opened it. Your changes were not saved and theirs were kept: "
                        + "reopen the configuration to see the current version, then make your change again."
                : null;
    }

    /** The raw JSON goes to the service exactly as typed: it validates it the same way as any API call. */
    private static Object rawBody(String text) {
        return text == null ? "" : text;
    }

    private String pretty(JsonNode node) {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            return node.toString();
        }
    }

    private String base() {
        return "/api/orgs/" + Pages.segment(caller.orgId()) + "/oauth-configs";
    }

    private static String notice(String done) {
        if (done == null) {
            return null;
        }
        return switch (done) {
            case "added" -> "The OAuth configuration was added.";
            case "saved" -> "Saved.";
            case "removed" -> "The OAuth configuration was removed.";
            default -> null;
        };
    }

    @io.quarkus.qute.TemplateData
    public record SortLink(String field, String label, String next, String ariaSort) {
    }
}
