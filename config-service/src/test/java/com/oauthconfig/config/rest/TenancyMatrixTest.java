package com.oauthconfig.config.rest;

import com.oauthconfig.contracts.testing.FakeAliasService;
import com.oauthconfig.config.support.Api;
import com.oauthconfig.rig.RigResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static com.oauthconfig.config.support.Api.create;
import static com.oauthconfig.config.support.Api.newOrg;
import static com.oauthconfig.config.support.Api.openIdConfig;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Roles × endpoints: each caller kind against each endpoint of one organisation's config.
 * Another organisation's people get 404 (no existence leak), the wrong role 403, no token 401.
 */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "config_service"))
@WithTestResource(FakeAliasService.class)
class TenancyMatrixTest {

    enum CallerKind {
        ADMIN, OWNER, MEMBER, SUPPORT,
        /** A customer organisation's own token carrying SUPPORT: not platform staff, so no SUPPORT power. */
        SUPPORT_OF_ORG,
        ADMIN_OF_OTHER_ORG, OWNER_OF_OTHER_ORG, SERVICE,
        /** A platform service that is not an internal reader (the app runtime). */
        OTHER_SERVICE, NO_TOKEN;

        RequestSpecification spec(String org) {
            RequestSpecification s = given().contentType(ContentType.JSON);
            return switch (this) {
                case ADMIN -> s.auth().oauth2(Api.token(org, "ADMIN"));
                case OWNER -> s.auth().oauth2(Api.token(org, "OWNER"));
                case MEMBER -> s.auth().oauth2(Api.token(org, "MEMBER"));
                case SUPPORT -> s.auth().oauth2(Api.support());
                case SUPPORT_OF_ORG -> s.auth().oauth2(Api.token(org, "SUPPORT"));
                case ADMIN_OF_OTHER_ORG -> s.auth().oauth2(Api.token(newOrg(), "ADMIN"));
                case OWNER_OF_OTHER_ORG -> s.auth().oauth2(Api.token(newOrg(), "OWNER", "ADMIN"));
                case SERVICE -> s.auth().oauth2(Api.service("token-service"));
                case OTHER_SERVICE -> s.auth().oauth2(Api.service("function-runtime"));
                case NO_TOKEN -> s;
            };
        }
    }

    /** One endpoint: how to call it for (caller, org, config id) and what it answers when allowed. */
    record Endpoint(String name, int allowed, Function<Call, Response> call) {
        @Override
        public String toString() {
            return name;
        }
    }

    record Call(RequestSpecification spec, String org, String id, String title) {
    }

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET list", 200, c -> c.spec.get("/api/orgs/{org}/oauth-configs", c.org)),
            new Endpoint("POST create", 201, c -> c.spec.body(openIdConfig("new.t" + System.nanoTime())).post("/api/orgs/{org}/oauth-configs", c.org)),
            new Endpoint("GET one", 200, c -> c.spec.get("/api/orgs/{org}/oauth-configs/{id}", c.org, c.id)),
            new Endpoint("PUT", 200, c -> c.spec.header("If-Match", "\"1\"").body(renamed(c.title))
                    .put("/api/orgs/{org}/oauth-configs/{id}", c.org, c.id)),
            new Endpoint("PATCH", 200, c -> c.spec.header("If-Match", "\"1\"").contentType("application/merge-patch+json")
                    .body(Map.of("name", "Patched")).patch("/api/orgs/{org}/oauth-configs/{id}", c.org, c.id)),
            new Endpoint("DELETE", 204, c -> c.spec.delete("/api/orgs/{org}/oauth-configs/{id}", c.org, c.id)),
            new Endpoint("GET audit", 200, c -> c.spec.get("/api/orgs/{org}/oauth-configs/{id}/audit", c.org, c.id)),
            new Endpoint("GET domains", 200, c -> c.spec.get("/api/orgs/{org}/domains", c.org)),
            new Endpoint("PUT domains", 200, c -> c.spec.body(Map.of("domains", List.of("example.com"))).put("/api/orgs/{org}/domains", c.org)),
            new Endpoint("GET internal by id", 200, c -> c.spec.get("/internal/orgs/{org}/oauth-configs/{id}", c.org, c.id)),
            new Endpoint("GET internal by title", 200, c -> c.spec.queryParam("title", c.title).get("/internal/orgs/{org}/oauth-configs", c.org)),
            new Endpoint("GET sso providers", 200, c -> c.spec.queryParam("email", "u@example.com").get("/api/orgs/{org}/sso/providers", c.org)));

    private static Map<String, Object> renamed(String title) {
        Map<String, Object> body = openIdConfig(title);
        body.put("name", "Renamed");
        return body;
    }

    /** The expected status of a caller at an endpoint; {@code allowed} where the role fits. */
    static int expected(CallerKind caller, Endpoint e) {
        boolean internal = e.name.contains("internal");
        boolean domainsRead = e.name.equals("GET domains");
        boolean domainsWrite = e.name.equals("PUT domains");
        if (e.name.equals("GET sso providers")) {
            return 200; // public by design: the user signing in has no token yet
        }
        if (caller == CallerKind.NO_TOKEN) {
            return 401;
        }
        if (internal) {
            return caller == CallerKind.SERVICE ? e.allowed : 403;
        }
        return switch (caller) {
            case ADMIN, OWNER -> domainsWrite ? 403 : e.allowed;
            case MEMBER, SUPPORT_OF_ORG -> 403;
            case SUPPORT -> domainsRead || domainsWrite ? e.allowed : 404;
            case ADMIN_OF_OTHER_ORG, OWNER_OF_OTHER_ORG, SERVICE, OTHER_SERVICE -> 404;
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
        String title = "matrix.token";
        String id = create(org, openIdConfig(title));
        Response r = endpoint.call.apply(new Call(caller.spec(org), org, id, title));
        assertEquals(expected, r.statusCode(), endpoint + " as " + caller + ": " + r.asString());
        if (expected >= 400) {
            assertEquals("application/problem+json", r.contentType().split(";")[0]);
        }
        // Whatever happened, no response ever carries the secret material or another org's data.
        assertFalse(r.asString().contains("clientSecretSealed"));
        if (expected == 404 || expected == 403 || expected == 401) {
            assertFalse(r.asString().contains(title), "a refused caller learns nothing about the record");
        }
    }
}
