package com.oauthconfig.alias.support;

import com.oauthconfig.rig.Rig;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Tokens from the rig's OIDC provider, configurations in the fake config-service, and credentials via the API. */
public final class Fixtures {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Fixtures() {
    }

    public static String newOrg() {
        return "org-" + UUID.randomUUID();
    }

    public static String token(String orgId, String... roles) {
        return Rig.oidc().platformToken("user-" + UUID.randomUUID(), orgId, roles);
    }

    public static String admin(String orgId) {
        return token(orgId, "ADMIN");
    }

    public static String service(String name) {
        return Rig.oidc().serviceToken(name);
    }

    /** Registers an OAuth configuration of {@code orgId} in the fake config-service and returns its id. */
    public static UUID config(String orgId) {
        UUID id = UUID.randomUUID();
        admin("PUT", "/__admin/orgs/" + orgId + "/oauth-configs/" + id);
        return id;
    }

    /** The config-service forgets a configuration without any event (as if the removal event were lost). */
    public static void forgetConfig(String orgId, UUID configId) {
        admin("DELETE", "/__admin/orgs/" + orgId + "/oauth-configs/" + configId);
    }

    public static void makeUnreachable(String orgId) {
        admin("PUT", "/__admin/orgs/" + orgId + "/unreachable");
    }

    public static void makeReachable(String orgId) {
        admin("DELETE", "/__admin/orgs/" + orgId + "/unreachable");
    }

    /** Every request about the organisation is answered as by a server that is not the config-service: a bare 404. */
    public static void misroute(String orgId) {
        admin("PUT", "/__admin/orgs/" + orgId + "/misrouted");
    }

    public static void unmisroute(String orgId) {
        admin("DELETE", "/__admin/orgs/" + orgId + "/misrouted");
    }

    public static int configReads(String orgId) {
        return Integer.parseInt(admin("GET", "/__admin/orgs/" + orgId + "/oauth-configs/reads"));
    }

    /** Requests the fake received for the organisation, answered or dropped. */
    public static int configAttempts(String orgId) {
        return Integer.parseInt(admin("GET", "/__admin/orgs/" + orgId + "/oauth-configs/attempts"));
    }

    /** Creates an alias through the API and returns its id. */
    public static UUID alias(String orgId, String solutionId, String name, UUID configId) {
        String id = given().auth().oauth2(admin(orgId)).contentType("application/json")
                .body(Map.of("name", name, "type", "OAUTH_ALIAS", "oauthConfigId", configId.toString()))
                .post("/api/orgs/{org}/solutions/{solution}/credentials", orgId, solutionId)
                .then().statusCode(201).extract().path("id");
        return UUID.fromString(id);
    }

    private static String admin(String method, String path) {
        String base = ConfigProvider.getConfig().getValue(FakeConfigService.URL_PROPERTY, String.class);
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                    .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + path + " -> " + r.statusCode());
            }
            return r.body();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
