package com.oauthconfig.alias.support;

import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.rig.Rig;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Tokens from the rig's OIDC provider, configurations in the fake config-service, and credentials via the API. */
public final class Fixtures {

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
        return FakeConfigService.putSample(orgId);
    }

    /** The config-service forgets a configuration without any event (as if the removal event were lost). */
    public static void forgetConfig(String orgId, UUID configId) {
        FakeConfigService.remove(configId);
    }

    public static void makeUnreachable(String orgId) {
        FakeConfigService.unreachable(orgId, true);
    }

    public static void makeReachable(String orgId) {
        FakeConfigService.unreachable(orgId, false);
    }

    /** Every request about the organisation is answered as by a server that is not the config-service: a bare 404. */
    public static void misroute(String orgId) {
        FakeConfigService.misrouted(orgId, true);
    }

    public static void unmisroute(String orgId) {
        FakeConfigService.misrouted(orgId, false);
    }

    public static int configReads(String orgId) {
        return FakeConfigService.reads(orgId);
    }

    /** Requests the fake received for the organisation, answered or dropped. */
    public static int configAttempts(String orgId) {
        return FakeConfigService.attempts(orgId);
    }

    /** Creates an alias through the API and returns its id. */
    public static UUID alias(String orgId, String solutionId, String name, UUID configId) {
        String id = given().auth().oauth2(admin(orgId)).contentType("application/json")
                .body(Map.of("name", name, "type", "OAUTH_ALIAS", "oauthConfigId", configId.toString()))
                .post("/api/orgs/{org}/solutions/{solution}/credentials", orgId, solutionId)
                .then().statusCode(201).extract().path("id");
        return UUID.fromString(id);
    }
}
