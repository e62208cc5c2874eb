package com.oauthconfig.alias;

import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.rig.Rig;
import com.oauthconfig.rig.RigResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import static com.oauthconfig.alias.support.Fixtures.admin;
import static com.oauthconfig.alias.support.Fixtures.alias;
import static com.oauthconfig.alias.support.Fixtures.config;
import static com.oauthconfig.alias.support.Fixtures.newOrg;
import static com.oauthconfig.alias.support.Fixtures.service;
import static com.oauthconfig.alias.support.Fixtures.token;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Roles × endpoints: each kind of caller against each endpoint of one organisation's
 * alias. Another organisation's people get 404 (no existence leak, never 403), a person of the
 * organisation without the role 403, no token 401; the resolution is for platform services only and
 * refuses every user token. A refused call changes nothing.
 */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "credential_alias_service"))
@WithTestResource(FakeConfigService.class)
class TenancyMatrixTest {

    private static final String CREDENTIALS = "/api/orgs/{org}/solutions/{solution}/credentials";
    private static final String CREDENTIAL = CREDENTIALS + "/{id}";
    private static final String REFERENCES = "/api/orgs/{org}/oauth-configs/{config}/references";
    private static final String RESOLVE = "/internal/orgs/{org}/solutions/{solution}/credentials/resolve";
    private static final String SOLUTION = "sol-1";
    private static final String NAME = "crm";

    enum CallerKind {
        ADMIN, OWNER, MEMBER,
        /** A person of the organisation whose only role is SUPPORT. */
        SUPPORT_OF_ORG,
        /** Platform support staff: role SUPPORT in the platform's staff organisation. */
        SUPPORT_STAFF,
        ADMIN_OF_OTHER_ORG, OWNER_OF_OTHER_ORG,
        /** The token-service: the only client that resolves credentials. */
        TOKEN_SERVICE,
        /** The config-service: the only client that asks for references across organisations. */
        CONFIG_SERVICE,
        /** Another platform service (the app runtime). */
        OTHER_SERVICE, NO_TOKEN;

        RequestSpecification spec(String org) {
            RequestSpecification s = given().contentType(ContentType.JSON);
            return switch (this) {
                case ADMIN -> s.auth().oauth2(token(org, "ADMIN"));
                case OWNER -> s.auth().oauth2(token(org, "OWNER"));
                case MEMBER -> s.auth().oauth2(token(org, "MEMBER"));
                case SUPPORT_OF_ORG -> s.auth().oauth2(token(org, "SUPPORT"));
                case SUPPORT_STAFF -> s.auth().oauth2(Rig.oidc().staffSupportToken("support-agent"));
                case ADMIN_OF_OTHER_ORG -> s.auth().oauth2(token(newOrg(), "ADMIN"));
                case OWNER_OF_OTHER_ORG -> s.auth().oauth2(token(newOrg(), "OWNER", "ADMIN", "MEMBER"));
                case TOKEN_SERVICE -> s.auth().oauth2(service("token-service"));
                case CONFIG_SERVICE -> s.auth().oauth2(service("config-service"));
                case OTHER_SERVICE -> s.auth().oauth2(service("function-runtime"));
                case NO_TOKEN -> s;
            };
        }
    }

    /** One endpoint: how to call it and what it answers when the caller is allowed. */
    record Endpoint(String name, int allowed, Function<Call, Response> call) {
        @Override
        public String toString() {
            return name;
        }
    }

    record Call(RequestSpecification spec, String org, UUID configId, UUID credentialId) {
    }

    private static Map<String, String> body(String name, UUID configId) {
        return Map.of("name", name, "type", "OAUTH_ALIAS", "oauthConfigId", configId.toString());
    }

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET list", 200, c -> c.spec.get(CREDENTIALS, c.org, SOLUTION)),
            new Endpoint("POST create", 201, c -> c.spec.body(body("new-" + System.nanoTime(), c.configId)).post(CREDENTIALS, c.org, SOLUTION)),
            new Endpoint("GET one", 200, c -> c.spec.get(CREDENTIAL, c.org, SOLUTION, c.credentialId)),
            new Endpoint("PUT", 200, c -> c.spec.header("If-Match", "\"0\"").body(body("renamed", c.configId))
                    .put(CREDENTIAL, c.org, SOLUTION, c.credentialId)),
            new Endpoint("DELETE", 204, c -> c.spec.delete(CREDENTIAL, c.org, SOLUTION, c.credentialId)),
            new Endpoint("GET references", 200, c -> c.spec.get(REFERENCES, c.org, c.configId)),
            new Endpoint("GET internal resolve", 200, c -> c.spec.queryParam("name", NAME).get(RESOLVE, c.org, SOLUTION)));

    /** The expected status of a caller at an endpoint. */
    static int expected(CallerKind caller, Endpoint e) {
        if (caller == CallerKind.NO_TOKEN) {
            return 401;
        }
        if (e.name.contains("internal")) {
            // A question of the token's kind and client, asked before anything is looked up: every person gets 403.
            return caller == CallerKind.TOKEN_SERVICE ? e.allowed : 403;
        }
        boolean references = e.name.equals("GET references");
        return switch (caller) {
            case ADMIN, OWNER -> e.allowed;
            case MEMBER, SUPPORT_OF_ORG -> 403;
            case CONFIG_SERVICE -> references ? e.allowed : 404;
            case TOKEN_SERVICE, OTHER_SERVICE -> references ? 403 : 404;
            case SUPPORT_STAFF, ADMIN_OF_OTHER_ORG, OWNER_OF_OTHER_ORG -> 404;
            case NO_TOKEN -> 401;
        };
    }

    static Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        for (Endpoint e : ENDPOINTS) {
            for (CallerKind c : CallerKind.values()) {
                cases.add(Arguments.of(e, c, expected(c, e)));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} as {1} -> {2}")
    @MethodSource("matrix")
    void callerGetsTheStatusItsRoleAndOrganisationAllow(Endpoint endpoint, CallerKind caller, int expected) {
        String org = newOrg();
        UUID configId = config(org);
        UUID credentialId = alias(org, SOLUTION, NAME, configId);

        Response r = endpoint.call.apply(new Call(caller.spec(org), org, configId, credentialId));

        assertEquals(expected, r.statusCode(), endpoint + " as " + caller + ": " + r.asString());
        if (expected >= 400) {
            assertEquals("application/problem+json", r.contentType().split(";")[0], r.asString());
            assertFalse(r.asString().contains(credentialId.toString()), "a refused caller learns nothing about the alias");
            assertFalse(r.asString().contains(NAME + "\""), "a refused caller learns nothing about the alias");
            // Nothing changed: the one alias is there, unrenamed, at version 0.
            given().auth().oauth2(admin(org)).get(CREDENTIAL, org, SOLUTION, credentialId)
                    .then().statusCode(200).header("ETag", "\"0\"").body("name", equalTo(NAME)).body("status", equalTo("OK"));
            given().auth().oauth2(admin(org)).get(CREDENTIALS, org, SOLUTION).then().statusCode(200).body("total", equalTo(1));
        }
    }

    /**
     * The id-swap: an admin of organisation B names its own organisation in the path and organisation
     * A's solution, credential and configuration ids. Rows are scoped by the path's organisation, so B
     * sees, changes and deletes nothing of A's; a wrong solution of A's own organisation is 404 too.
     */
    @Test
    void anotherOrganisationsAdminUsingItsOwnOrganisationWithOurIdsFindsAndChangesNothing() {
        String a = newOrg();
        UUID configA = config(a);
        UUID idA = alias(a, SOLUTION, NAME, configA);
        String b = newOrg();
        String adminB = admin(b);

        given().auth().oauth2(adminB).get(CREDENTIAL, b, SOLUTION, idA).then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(adminB).contentType(ContentType.JSON).body(body("stolen", config(b)))
                .put(CREDENTIAL, b, SOLUTION, idA).then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(adminB).delete(CREDENTIAL, b, SOLUTION, idA).then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(adminB).get(CREDENTIALS, b, SOLUTION).then().statusCode(200).body("total", equalTo(0));
        // Like every other cross-organisation read: A's configuration does not exist for B.
        given().auth().oauth2(adminB).get(REFERENCES, b, configA).then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(adminB).get(REFERENCES, b, UUID.randomUUID()).then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(service("config-service")).get(REFERENCES, b, configA).then().statusCode(404);
        // Pointing an alias of B at A's configuration is refused like an unknown configuration.
        given().auth().oauth2(adminB).contentType(ContentType.JSON).body(body("borrowed", configA))
                .post(CREDENTIALS, b, SOLUTION).then().statusCode(400).body("errors[0].field", equalTo("oauthConfigId"));
        // The same organisation's admin with another solution in the path does not reach the alias either.
        given().auth().oauth2(admin(a)).get(CREDENTIAL, a, "sol-2", idA).then().statusCode(404);
        given().auth().oauth2(admin(a)).delete(CREDENTIAL, a, "sol-2", idA).then().statusCode(404);

        given().auth().oauth2(admin(a)).get(CREDENTIAL, a, SOLUTION, idA)
                .then().statusCode(200).header("ETag", "\"0\"").body("name", equalTo(NAME)).body("oauthConfigId", equalTo(configA.toString()));
    }
}
