package com.oauthconfig.token;

import com.oauthconfig.common.crypto.EnvelopeCipher;
import com.oauthconfig.rig.Rig;
import com.oauthconfig.rig.RigResource;
import com.oauthconfig.contracts.testing.FakeAliasService;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.token.support.Fixtures;
import com.oauthconfig.token.support.Functions;
import com.oauthconfig.token.support.Upstream;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static com.oauthconfig.token.support.Functions.call;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tenancy: every token-service endpoint × every kind of caller, through HTTP on the real rig.
 * People of the organisation get what their role allows; another organisation's people get 404 wherever
 * the organisation is in the path (even when they reuse the same user id); the service-only injection
 * endpoints refuse every person's token with 403 before looking at the body (so nothing about the
 * organisation named there leaks), and so do platform services other than those in
 * {@code token-service.injection.callers} (the function runtime); no token is 401. A refused call
 * changes nothing, resolves and refreshes nothing, and leaks no token.
 */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "token_service"))
@WithTestResource(FakeConfigService.class)
@WithTestResource(FakeAliasService.class)
class TenancyMatrixTest {

    static final String TITLE = "acme.oauth.token";

    /** Who calls. The organisation's own people reuse the subjects the other organisation's people have too. */
    enum CallerKind {
        ADMIN("adam"), OWNER("olga"), MEMBER("ann"), SUPPORT("support-agent"),
        /** A customer organisation's own token carrying SUPPORT: not platform staff, and no member role. */
        SUPPORT_OF_ORG("sue"), ADMIN_OF_OTHER_ORG("adam"),
        MEMBER_OF_OTHER_ORG("ann"), SERVICE("function-runtime"), OTHER_SERVICE("credential-alias-service"), NO_TOKEN(null);

        final String subject;

        CallerKind(String subject) {
            this.subject = subject;
        }

        boolean ofTheOrganisation() {
            return this == ADMIN || this == OWNER || this == MEMBER;
        }

        String token(String org) {
            return switch (this) {
                case ADMIN -> Rig.oidc().platformToken(subject, org, "ADMIN");
                case OWNER -> Rig.oidc().platformToken(subject, org, "OWNER");
                case MEMBER -> Rig.oidc().platformToken(subject, org, "MEMBER");
                case SUPPORT -> Rig.oidc().staffSupportToken(subject);
                case SUPPORT_OF_ORG -> Rig.oidc().platformToken(subject, org, "SUPPORT");
                case ADMIN_OF_OTHER_ORG -> Rig.oidc().platformToken(subject, Fixtures.newOrg(), "ADMIN", "OWNER", "MEMBER");
                case MEMBER_OF_OTHER_ORG -> Rig.oidc().platformToken(subject, Fixtures.newOrg(), "MEMBER");
                case SERVICE -> Functions.serviceToken();
                // A platform service, but not one that acts for users: the SERVICE role alone reaches no user's token.
                case OTHER_SERVICE -> Rig.oidc().serviceToken(subject);
                case NO_TOKEN -> null;
            };
        }
    }

    enum Endpoint {
        AUTHORIZE, SIGN_OUT, CHECK, CALLBACK, EXECUTE, RESOLVE
    }

    /** The expected status of a caller at an endpoint; the reasons are in the class comment. */
    static int expected(CallerKind caller, Endpoint e) {
        if (caller == CallerKind.NO_TOKEN) {
            return 401;
        }
        return switch (e) {
            case AUTHORIZE -> caller.ofTheOrganisation() ? 200 : caller == CallerKind.SUPPORT_OF_ORG ? 403 : 404;
            case SIGN_OUT -> caller.ofTheOrganisation() ? 204 : caller == CallerKind.SUPPORT_OF_ORG ? 403 : 404;
            case CHECK -> caller == CallerKind.ADMIN || caller == CallerKind.OWNER ? 200
                    : caller == CallerKind.MEMBER || caller == CallerKind.SUPPORT_OF_ORG ? 403 : 404;
            // No organisation in the request: the state decides, and it belongs to the one who started the sign-in.
            case CALLBACK -> caller.ofTheOrganisation() ? 200 : 400;
            case EXECUTE, RESOLVE -> caller == CallerKind.SERVICE ? 200 : 403;
        };
    }

    static Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        for (Endpoint e : Endpoint.values()) {
            for (CallerKind c : CallerKind.values()) {
                cases.add(Arguments.of(e, c, expected(c, e)));
            }
        }
        return cases.stream();
    }

    @Inject
    EnvelopeCipher cipher;

    Upstream upstream;

    @BeforeEach
    void start() {
        upstream = new Upstream();
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    @ParameterizedTest(name = "{0} as {1} -> {2}")
    @MethodSource("matrix")
    void callerGetsTheStatusItsRoleAndOrganisationAllow(Endpoint endpoint, CallerKind caller, int expected) {
        String issuer = "acme-okta";
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.register(Fixtures.config(org, issuer));
        String configId = config.getString("id");
        // The organisation's member ann has signed in; her token is what a wrong caller must never reach.
        signIn(Fixtures.userToken("ann", org), org, configId);
        String annAccess = Functions.storedAccessToken(cipher, config, "ann");
        String token = caller.token(org);
        if (endpoint == Endpoint.SIGN_OUT && caller.ofTheOrganisation() && caller != CallerKind.MEMBER) {
            signIn(token, org, configId);
        }
        // For the callback the organisation's own people start their own sign-in; anyone else presents ann's.
        Map<String, String> redirect = endpoint != Endpoint.CALLBACK ? Map.of()
                : Fixtures.followToProvider(Fixtures.authorizationUrl(caller.ofTheOrganisation() ? token : Fixtures.userToken("ann", org),
                org, configId));
        long statesBefore = count("select count(*) from auth_state where org_id = ?", org);
        long activeBefore = count("select count(*) from user_token where org_id = ? and status = 'ACTIVE'", org);
        int tokenCalls = Rig.oidc().requestCount(issuer, "token");
        int titleReads = FakeConfigService.titleReads();

        RequestSpecification spec = token == null ? given() : given().auth().oauth2(token);
        Response r = switch (endpoint) {
            case AUTHORIZE -> spec.contentType("application/json").body("{}")
                    .post("/api/orgs/{org}/oauth-configs/{id}/authorize", org, configId);
            case SIGN_OUT -> spec.delete("/api/orgs/{org}/oauth-configs/{id}/tokens/me", org, configId);
            case CHECK -> spec.post("/api/orgs/{org}/oauth-configs/{id}/check", org, configId);
            case CALLBACK -> spec.queryParam("code", redirect.get("code")).queryParam("state", redirect.get("state"))
                    .get("/api/oauth/callback");
            // The end user (ann) is present with her own token: the caller's token alone decides.
            case EXECUTE -> spec.contentType("application/json").header(Functions.USER_TOKEN, Functions.userToken(org, "ann"))
                    .body(call(org, "ann", TITLE, "GET", upstream.url("/me")).encode()).post("/api/functions/execute");
            case RESOLVE -> spec.contentType("application/json").header(Functions.USER_TOKEN, Functions.userToken(org, "ann"))
                    .body(Functions.resolveBody(org, "ann", null, TITLE).encode())
                    .post("/api/tokens/resolve");
        };

        String body = r.asString();
        assertEquals(expected, r.statusCode(), endpoint + " as " + caller + ": " + body);
        if (expected >= 400) {
            assertEquals("application/problem+json", r.contentType().split(";")[0], body);
            assertFalse(body.contains(TITLE), "a refused caller learns nothing about the config: " + body);
        }
        if (!(endpoint == Endpoint.RESOLVE && expected == 200)) {
            assertFalse(body.contains(annAccess), "ann's access token reaches only the service that resolves it");
        }
        long states = count("select count(*) from auth_state where org_id = ?", org);
        long active = count("select count(*) from user_token where org_id = ? and status = 'ACTIVE'", org);
        Map<String, Object> ann = Fixtures.tokenRow(org, configId, "ann");
        switch (endpoint) {
            case AUTHORIZE -> assertEquals(statesBefore + (expected == 200 ? 1 : 0), states, "one sign-in transaction per allowed start");
            case SIGN_OUT -> {
                assertEquals(activeBefore - (expected == 204 ? 1 : 0), active);
                if (expected == 204) {
                    assertEquals("REVOKED", Fixtures.tokenRow(org, configId, caller.subject).get("status"));
                }
                if (caller != CallerKind.MEMBER) {
                    assertEquals("ACTIVE", ann.get("status"), "nobody signs ann out but ann");
                }
            }
            case CALLBACK -> {
                assertEquals(tokenCalls + (expected == 200 ? 1 : 0), Rig.oidc().requestCount(issuer, "token"),
                        "the code is redeemed only for the user who started the sign-in");
                if (expected == 200) {
                    assertEquals("ACTIVE", Fixtures.tokenRow(org, configId, caller.subject).get("status"));
                } else if (caller.subject != null && !caller.subject.equals("ann")) {
                    assertNull(Fixtures.tokenRow(org, configId, caller.subject), "nothing stored for the wrong caller");
                }
                if (expected == 400) {
                    r.then().body("errors[0].field", equalTo("state"));
                }
            }
            case EXECUTE -> {
                assertEquals(expected == 200 ? 1 : 0, upstream.received().size());
                if (expected == 200) {
                    assertEquals("Bearer " + annAccess, upstream.last().header("Authorization"));
                }
            }
            case RESOLVE -> {
                if (expected == 200) {
                    r.then().body("accessToken", equalTo(annAccess));
                }
            }
            case CHECK -> {
                if (expected == 200) {
                    assertNotNull(r.jsonPath().get("findings"), body);
                }
            }
        }
        if ((endpoint == Endpoint.EXECUTE || endpoint == Endpoint.RESOLVE) && expected != 200) {
            assertEquals(titleReads, FakeConfigService.titleReads(), "a refused caller resolves nothing");
            assertEquals(tokenCalls, Rig.oidc().requestCount(issuer, "token"), "a refused caller refreshes nothing");
        }
        if (endpoint != Endpoint.AUTHORIZE && endpoint != Endpoint.CALLBACK) {
            assertEquals(statesBefore, states, "no sign-in transaction created");
        }
        if (endpoint != Endpoint.SIGN_OUT && endpoint != Endpoint.CALLBACK) {
            assertEquals(activeBefore, active, "no token stored or removed");
        }
    }

    /**
     * The organisation is the caller's own but the config id belongs to another organisation: it is
     * not found (the lookup is scoped by the path's organisation), and the injection path, asked for
     * the other organisation's title under one's own organisation, finds nothing either.
     */
    @Test
    void aConfigOfAnotherOrganisationIsNotFoundUnderTheCallersOwnOrganisation() {
        String orgA = Fixtures.newOrg();
        String orgB = Fixtures.newOrg();
        JsonObject a = Fixtures.register(Fixtures.config(orgA, "acme-okta"));
        String idA = a.getString("id");
        signIn(Fixtures.userToken("ann", orgA), orgA, idA);
        String adminB = Rig.oidc().platformToken("adam", orgB, "ADMIN", "OWNER", "MEMBER");

        given().auth().oauth2(adminB).contentType("application/json").body("{}")
                .post("/api/orgs/{org}/oauth-configs/{id}/authorize", orgB, idA)
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(adminB).post("/api/orgs/{org}/oauth-configs/{id}/check", orgB, idA)
                .then().statusCode(404).contentType("application/problem+json");
        // Sign-out is idempotent (204 without tokens) and scoped by organisation: ann of A keeps hers.
        given().auth().oauth2(Rig.oidc().platformToken("ann", orgB, "MEMBER"))
                .delete("/api/orgs/{org}/oauth-configs/{id}/tokens/me", orgB, idA).then().statusCode(204);
        assertEquals("ACTIVE", Fixtures.tokenRow(orgA, idA, "ann").get("status"));
        assertEquals(0, count("select count(*) from auth_state where org_id = ?", orgB));

        Functions.execute(call(orgB, "ann", TITLE, "GET", upstream.url("/me"))).then().statusCode(404)
                .body("error.name", equalTo("TokenReferenceNotFoundError"));
        Functions.resolve(orgB, "ann", null, TITLE).then().statusCode(404)
                .body("error.name", equalTo("TokenReferenceNotFoundError"));
        assertTrue(upstream.received().isEmpty(), "no call left with anybody's token");
    }

    private static void signIn(String token, String org, String configId) {
        Map<String, String> redirect = Fixtures.followToProvider(Fixtures.authorizationUrl(token, org, configId));
        Fixtures.callback(token, redirect.get("code"), redirect.get("state"), null).then().statusCode(200);
    }

    static long count(String sql, Object... params) {
        return ((Number) Fixtures.row(sql, params).get("count")).longValue();
    }
}
