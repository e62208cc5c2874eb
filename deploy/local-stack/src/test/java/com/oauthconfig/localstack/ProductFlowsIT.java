package com.oauthconfig.localstack;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.restassured.filter.Filter;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the product documentation promises, one flow each through the public interfaces of the
 * running stack: the Home Hub's sign-in status, a removal refused while a solution still uses the
 * configuration, server-to-server calls with the organisation's machine token, platform sign-in by
 * SSO, and the sign-in prompts the apps show (the missing-credentials error, a declined sign-in,
 * login hints, PKCE always on).
 */
class ProductFlowsIT {

    private static final Pattern ASSERTION = Pattern.compile("name=\"assertion\" value=\"([^\"]+)\"");
    private static final HttpClient BROWSER = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private final LocalStack stack = Stack.get();

    /**
     * Prints each call and its answer to the test's output, tokens and one-time values shortened,
     * so a run can be read (and quoted) as the flow the documentation describes.
     */
    private static final Filter RECORD = (request, response, ctx) -> {
        Response r = ctx.next(request, response);
        String query = request.getQueryParams().isEmpty() ? "" : " " + redact(request.getQueryParams().toString());
        String body = request.getBody() == null ? "" : " " + redact(String.valueOf((Object) request.getBody()));
        String answer = redact(r.getBody().asString());
        System.out.println("→ " + request.getMethod() + " " + URI.create(request.getURI()).getRawPath() + query + body
                + "\n← " + r.getStatusCode() + (r.getHeader("Location") == null ? "" : " Location: " + redact(r.getHeader("Location")))
                + " " + (answer.length() > 700 ? answer.substring(0, 700) + "…" : answer));
        return r;
    };

    private static String redact(String text) {
        return text.replaceAll("ey[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*", "eyJ…")
                .replaceAll("((?:code|state|nonce|code_challenge)=)([A-Za-z0-9_~.-]{4})[A-Za-z0-9_~.%-]+", "$1$2…")
                .replaceAll("(clientSecret[=:\"]+)[^,}\"]+", "$1…")
                .replaceAll("\\s+", " ");
    }

    private RequestSpecification config(String token) {
        return given().filter(RECORD).baseUri(stack.url(LocalStack.CONFIG)).auth().oauth2(token).contentType(ContentType.JSON);
    }

    private RequestSpecification alias(String token) {
        return given().filter(RECORD).baseUri(stack.url(LocalStack.ALIAS)).auth().oauth2(token).contentType(ContentType.JSON);
    }

    private RequestSpecification token(String token) {
        return given().filter(RECORD).baseUri(stack.url(LocalStack.TOKEN)).auth().oauth2(token).contentType(ContentType.JSON);
    }

    /** An OpenID configuration at one of the dev provider's issuers; {@code extra} adds or replaces members. */
    private Response createConfig(String org, String admin, String title, String issuerId, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(Map.of("name", "Acme CRM", "title", title, "type", "OPENID", "domains", List.of("*"),
                "redirectUrls", List.of("https://app.example.com/callback"), "clientId", "client-" + UUID.randomUUID(),
                "clientSecret", "e2e-secret-" + UUID.randomUUID(), "issuer", stack.oidc().issuer(issuerId),
                "scopes", List.of("openid", "offline_access")));
        body.putAll(extra);
        return config(admin).body(body).post("/api/orgs/{org}/oauth-configs", org);
    }

    /** An app's REST function call through the token-service, the user present with his own platform token. */
    private Response execute(String userToken, Map<String, Object> call) {
        return token(stack.oidc().serviceToken("function-runtime")).header("X-User-Token", userToken).body(call)
                .post("/api/functions/execute");
    }

    private static Map<String, Object> call(String org, String user, String reference, String url, Map<String, Object> extra) {
        Map<String, Object> call = new HashMap<>(Map.of("orgId", org, "userId", user, "tokenReference", reference, "method", "GET", "url", url));
        call.putAll(extra);
        return call;
    }

    private JsonPath signInStatus(String userToken, String org, String solution) {
        return token(userToken).get("/api/orgs/{org}/solutions/{solution}/sign-in-status", org, solution)
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void theHomeHubListsASolutionsRequiredCredentialsWithTheMembersStateBeforeAndAfterSignIn() throws Exception {
        String org = "org-" + UUID.randomUUID();
        String admin = stack.oidc().platformToken("alice", org, "ADMIN");
        String configId = createConfig(org, admin, "acme.crm.token", "hub-idp", Map.of("imageUrl", "https://cdn.example.com/crm.png"))
                .then().statusCode(201).extract().path("id");
        alias(admin).body(Map.of("name", "CRM", "type", "OAUTH_ALIAS", "oauthConfigId", configId))
                .post("/api/orgs/{org}/solutions/{solution}/credentials", org, "sales-app").then().statusCode(201);
        // A title declared by the admin that no configuration has yet: shown as unavailable, not refused.
        alias(admin).body(Map.of("titles", List.of("acme.crm.token", "acme.mail.token")))
                .put("/api/orgs/{org}/solutions/{solution}/required-credentials", org, "sales-app")
                .then().statusCode(200).body("titles", equalTo(List.of("acme.crm.token", "acme.mail.token")));

        String bob = "bob-" + UUID.randomUUID();
        String bobsToken = stack.oidc().platformToken(bob, org, "MEMBER");
        JsonPath before = signInStatus(bobsToken, org, "sales-app");
        assertEquals(Arrays.asList("CRM", null, null), before.getList("items.aliasName"));
        assertEquals(List.of("NOT_SIGNED_IN", "NOT_SIGNED_IN", "CONFIG_REMOVED"), before.getList("items.status"));
        assertEquals("Acme CRM", before.getString("items[0].name"));
        assertEquals("https://cdn.example.com/crm.png", before.getString("items[0].imageUrl"));
        assertEquals("/api/orgs/" + org + "/oauth-configs/" + configId + "/authorize", before.getString("items[0].authorizePath"));
        assertFalse(before.prettify().contains("clientId") || before.prettify().contains("issuer"), before.prettify());

        // bob signs in through the dev provider, following the authorize path the Home Hub gave him.
        Flows.signIn(stack.url(LocalStack.TOKEN), org, configId, bobsToken);

        JsonPath after = signInStatus(bobsToken, org, "sales-app");
        assertEquals(List.of("SIGNED_IN", "SIGNED_IN", "CONFIG_REMOVED"), after.getList("items.status"));
        assertNotNull(after.getString("items[0].accessExpiresAt"));
        // Another member has his own state.
        assertEquals("NOT_SIGNED_IN", signInStatus(stack.oidc().platformToken("carol", org, "MEMBER"), org, "sales-app")
                .getString("items[0].status"));
    }

    @Test
    void aRemovalIsRefusedWhileAnAliasReferencesTheConfigAndAFunctionUsedItByTitleThenForced() throws Exception {
        String org = "org-" + UUID.randomUUID();
        String admin = stack.oidc().platformToken("alice", org, "ADMIN");
        String configId = createConfig(org, admin, "acme.files.token", "removal-idp", Map.of()).then().statusCode(201).extract().path("id");
        String aliasId = alias(admin).body(Map.of("name", "Files", "type", "OAUTH_ALIAS", "oauthConfigId", configId))
                .post("/api/orgs/{org}/solutions/{solution}/credentials", org, "sales-app").then().statusCode(201).extract().path("id");
        // A function of another solution names the configuration by its title (a direct use, recorded by the token-service).
        String user = "dave-" + UUID.randomUUID();
        execute(stack.oidc().platformToken(user, org, "MEMBER"),
                call(org, user, "acme.files.token", stack.echoUrl() + "/files", Map.of("solutionId", "reports-app")))
                .then().statusCode(401).body("error.reason", equalTo("NOT_SIGNED_IN"));

        // The token-service writes its usage records in batches: the refusal lists the direct use once written.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                config(admin).delete("/api/orgs/{org}/oauth-configs/{id}", org, configId).then().statusCode(409)
                        .contentType(containsString("application/problem+json"))
                        .body("references[0].solutionId", equalTo("sales-app"))
                        .body("references[0].credentialId", equalTo(aliasId))
                        .body("references[0].name", equalTo("Files"))
                        .body("totalReferences", equalTo(1))
                        .body("directUses.solutionId", hasItem("reports-app"))
                        .body("directUses[0].useCount", equalTo(1))
                        .body("totalDirectUses", equalTo(1))
                        .body("usageWindow", equalTo("PT720H")));
        config(admin).get("/api/orgs/{org}/oauth-configs/{id}", org, configId).then().statusCode(200);

        // The forced removal starts a trace of its own (W3C traceparent, as a calling gateway would send).
        String traceId = UUID.randomUUID().toString().replace("-", "");
        config(admin).header("traceparent", "00-" + traceId + "-" + traceId.substring(0, 16) + "-01")
                .queryParam("force", true).delete("/api/orgs/{org}/oauth-configs/{id}", org, configId).then().statusCode(204);
        config(admin).get("/api/orgs/{org}/oauth-configs/{id}", org, configId).then().statusCode(404);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                alias(admin).get("/api/orgs/{org}/solutions/{solution}/credentials/{id}", org, "sales-app", aliasId)
                        .then().statusCode(200).body("status", equalTo("BROKEN")));

        // One trace across the three services, as the local stack's collector wrote it: the removal at the
        // config-service, the event through Kafka to the credential-alias-service (which flags the alias)
        // and to the token-service (which drops the config's tokens).
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            List<JsonPath> spans = java.nio.file.Files.readAllLines(stack.tracesFile()).stream()
                    .filter(line -> line.contains(traceId)).map(JsonPath::from).toList();
            java.util.Set<String> services = new java.util.TreeSet<>();
            spans.forEach(span -> services.add(span.getString("service")));
            assertEquals(java.util.Set.of("config-service", "credential-alias-service", "token-service"), services,
                    "services with spans of trace " + traceId + ": " + spans.stream().map(sp -> sp.getString("service") + " "
                            + sp.getString("kind") + " " + sp.getString("name")).toList());
            assertTrue(spans.stream().anyMatch(sp -> sp.getString("service").equals("credential-alias-service")
                    && sp.getString("kind").equals("CONSUMER")), "the alias service continued the event's trace");
        });
        // Printed for the record: the spans of this trace, by service.
        java.nio.file.Files.readAllLines(stack.tracesFile()).stream().filter(line -> line.contains(traceId))
                .map(JsonPath::from).forEach(sp -> System.out.printf("trace %s  %-25s %-8s %-60s span=%s parent=%s%n", traceId,
                        sp.getString("service"), sp.getString("kind"), sp.getString("name"), sp.getString("spanId"), sp.getString("parentSpanId")));
    }

    @Test
    void aFunctionRunsWithTheOrganisationsMachineTokenAndAClientTheProviderRefusesIsClientRefused() {
        String org = "org-" + UUID.randomUUID();
        String admin = stack.oidc().platformToken("alice", org, "ADMIN");
        // The organisation's app-only token goes only to hosts an administrator listed: here the echo API on this machine.
        Map<String, Object> machine = Map.of("scopes", List.of("openid", "catalogue.read"), "apiHosts", List.of("127.0.0.1"));
        Response created = createConfig(org, admin, "acme.catalogue.token", "m2m-idp", machine);
        created.then().statusCode(201);
        String clientId = created.path("clientId");
        // A user who never signed in to the provider: the machine token does not need him to.
        String user = "erin-" + UUID.randomUUID();
        String usersToken = stack.oidc().platformToken(user, org, "MEMBER");
        Map<String, Object> grant = Map.of("grant", "client_credentials");

        execute(usersToken, call(org, user, "acme.catalogue.token", stack.echoUrl() + "/catalogue", grant))
                .then().statusCode(200)
                .body("path", equalTo("/catalogue"))
                .body("authorization.scheme", equalTo("Bearer"))
                .body("authorization.claims.iss", equalTo(stack.oidc().issuer("m2m-idp")))
                .body("authorization.claims.sub", equalTo(clientId));

        // The provider knows the next configuration's client with another secret: 401 invalid_client at its token endpoint.
        String refusedClient = "client-" + UUID.randomUUID();
        stack.oidc().registerConfidentialClient(refusedClient, "not-the-stored-secret");
        createConfig(org, admin, "acme.refused.token", "m2m-idp", Map.of("clientId", refusedClient, "scopes", List.of("openid", "catalogue.read"),
                "apiHosts", List.of("127.0.0.1")))
                .then().statusCode(201);
        int refusedBefore = stack.oidc().refusedClientAuthentications("m2m-idp", "token");
        execute(usersToken, call(org, user, "acme.refused.token", stack.echoUrl() + "/catalogue", grant))
                .then().statusCode(401)
                .body("error.name", equalTo("OAuthCredentialsMissingError"))
                .body("error.reason", equalTo("CLIENT_REFUSED"))
                .body("error.signInUrl", nullValue());
        assertTrue(stack.oidc().refusedClientAuthentications("m2m-idp", "token") > refusedBefore, "the provider did refuse the client");
    }

    @Test
    void aUserSignsInToThePlatformBySsoAndTheAssertionVerifiesAgainstTheJwksAnAddressOutsideTheDomainsIsRefused() throws Exception {
        String org = "org-" + UUID.randomUUID();
        String admin = stack.oidc().platformToken("alice", org, "ADMIN");
        given().filter(RECORD).baseUri(stack.url(LocalStack.CONFIG)).auth().oauth2(stack.oidc().staffSupportToken("agent")).contentType(ContentType.JSON)
                .body(Map.of("domains", List.of("acme.example"))).put("/api/orgs/{org}/domains", org).then().statusCode(200);
        String tokenService = stack.url(LocalStack.TOKEN);
        String callback = LocalSso.callbackUrl(tokenService);
        Response created = createConfig(org, admin, "acme.sso", "sso-idp", Map.of("ssoEnabled", true, "domains", List.of("acme.example"),
                "scopes", List.of("openid", "email", "profile"), "redirectUrls", List.of(callback)));
        created.then().statusCode(201);
        String configId = created.path("id");
        String clientId = created.path("clientId");

        // The login screen finds the organisation's SSO configuration by the typed e-mail.
        given().filter(RECORD).baseUri(stack.url(LocalStack.CONFIG)).queryParam("email", "ann@acme.example").get("/api/orgs/{org}/sso/providers", org)
                .then().statusCode(200).body("items[0].id", equalTo(configId));

        // Start: a browser navigation, answered with a redirect to the provider and the binding cookie.
        Response start = given().filter(RECORD).baseUri(tokenService).redirects().follow(false).queryParam("orgId", org).queryParam("configId", configId)
                .queryParam("email", "ann@acme.example").queryParam("relayState", "local-login-1").get("/sso/start");
        start.then().statusCode(302).header("Cache-Control", "no-store");
        String binding = start.getCookie("__Host-sso-binding");
        assertNotNull(binding, start.headers().toString());
        String authorize = start.header("Location");
        assertTrue(authorize.startsWith(stack.oidc().issuer("sso-idp") + "/authorize?"), authorize);
        Map<String, String> asked = Flows.query(authorize);
        assertEquals("openid email profile", asked.get("scope"));
        assertEquals("S256", asked.get("code_challenge_method"));
        assertEquals(callback, asked.get("redirect_uri"));

        // The dev provider signs Ann in at once and redirects back with a code; her ID token vouches for her e-mail.
        HttpResponse<Void> atProvider = BROWSER.send(HttpRequest.newBuilder(URI.create(authorize)).build(), HttpResponse.BodyHandlers.discarding());
        String back = atProvider.headers().firstValue("Location").orElseThrow();
        assertTrue(back.startsWith(callback + "?"), back);
        System.out.println("(dev provider) → GET /sso-idp/authorize …\n← " + atProvider.statusCode() + " Location: " + redact(back));
        stack.oidc().server().enqueueCallback(new DefaultOAuth2TokenCallback("sso-idp", "ann-at-idp", JOSEObjectType.JWT.getType(),
                List.of(clientId), Map.of("email", "Ann@acme.example", "email_verified", true, "name", "Ann Example"), 300));
        Map<String, String> redirect = Flows.query(back);
        String page = given().filter(RECORD).baseUri(tokenService).redirects().follow(false).cookie("__Host-sso-binding", binding)
                .queryParam("code", redirect.get("code")).queryParam("state", redirect.get("state")).get("/sso/callback")
                .then().statusCode(200).contentType(containsString("text/html")).header("Cache-Control", "no-store")
                .body(containsString("action=\"" + stack.echoUrl() + "/sso/assertion\""))
                .body(containsString("name=\"relay_state\" value=\"local-login-1\""))
                .extract().asString();

        // What the platform's endpoint does with the posted assertion: verify it against /sso/jwks.
        Matcher m = ASSERTION.matcher(page);
        assertTrue(m.find(), "the page posts an assertion");
        SignedJWT assertion = SignedJWT.parse(m.group(1));
        JWKSet jwks = JWKSet.parse(given().filter(RECORD).baseUri(tokenService).get("/sso/jwks").then().statusCode(200).extract().asString());
        assertEquals(JWSAlgorithm.ES256, assertion.getHeader().getAlgorithm());
        assertEquals(LocalSso.KEY_ID, assertion.getHeader().getKeyID());
        assertTrue(assertion.verify(new ECDSAVerifier(jwks.getKeyByKeyId(assertion.getHeader().getKeyID()).toECKey())));
        jwks.getKeys().forEach(k -> assertFalse(k.isPrivate(), "no private part is published"));
        JWTClaimsSet claims = assertion.getJWTClaimsSet();
        assertEquals(tokenService, claims.getIssuer());
        assertEquals(List.of(stack.oidc().platformIssuer()), claims.getAudience());
        // The platform's own subject, scoped to the organisation and the provider; the provider's is idp_sub.
        assertEquals("ann-at-idp", claims.getStringClaim("idp_sub"));
        assertNotNull(claims.getSubject());
        assertFalse(claims.getSubject().contains("ann-at-idp"), claims.getSubject());
        assertEquals("ann@acme.example", claims.getStringClaim("email"));
        assertEquals(Boolean.TRUE, claims.getBooleanClaim("email_verified"));
        assertEquals(org, claims.getStringClaim("org_id"));
        assertEquals(configId, claims.getStringClaim("config_id"));
        assertEquals(stack.oidc().issuer("sso-idp"), claims.getStringClaim("idp_iss"));

        // The same callback again is spent; an address outside the configuration's domains never reaches the provider.
        given().filter(RECORD).baseUri(tokenService).redirects().follow(false).cookie("__Host-sso-binding", binding)
                .queryParam("code", redirect.get("code")).queryParam("state", redirect.get("state")).get("/sso/callback")
                .then().statusCode(400).body("reason", equalTo("STATE_INVALID")).body(not(containsString("eyJ")));
        given().filter(RECORD).baseUri(tokenService).redirects().follow(false).queryParam("orgId", org).queryParam("configId", configId)
                .queryParam("email", "bob@other.example").queryParam("relayState", "local-login-2").get("/sso/start")
                .then().statusCode(400).contentType(containsString("application/problem+json"))
                .body("type", equalTo("urn:oauth-platform:problem:sso-refused")).body("reason", equalTo("EMAIL_DOMAIN_NOT_ALLOWED"));
    }

    @Test
    void theAppsPromptNamesTheConfigAndSolutionAndADeclinedSignInIsSignInDeniedWithLoginHintAndPkceAlwaysOn() throws Exception {
        String org = "org-" + UUID.randomUUID();
        String admin = stack.oidc().platformToken("alice", org, "ADMIN");
        // usePkce: false is stored as given, with a warning that PKCE is used anyway.
        Response created = createConfig(org, admin, "acme.hr.token", "prompt-idp", Map.of("name", "Acme HR",
                "imageUrl", "https://cdn.example.com/hr.png", "loginHint", "{username}@contoso.com", "usePkce", false));
        created.then().statusCode(201).body("warnings.code", hasItem("pkce-always-on"));
        String configId = created.path("id");

        String user = "frank-" + UUID.randomUUID();
        String usersToken = stack.oidc().platformToken(user, Map.of("org_id", org, "roles", List.of("MEMBER"),
                "preferred_username", "frank@acme.example"), 3600);
        Map<String, Object> call = call(org, user, "acme.hr.token", stack.echoUrl() + "/hr", Map.of("solutionId", "hr-app"));
        execute(usersToken, call).then().statusCode(401)
                .body("error.name", equalTo("OAuthCredentialsMissingError"))
                .body("error.reason", equalTo("NOT_SIGNED_IN"))
                .body("error.configName", equalTo("Acme HR"))
                .body("error.imageUrl", equalTo("https://cdn.example.com/hr.png"))
                .body("error.solutionId", equalTo("hr-app"))
                .body("error.signInUrl", equalTo("/api/orgs/" + org + "/oauth-configs/" + configId + "/authorize"))
                .body("error.providerError", nullValue());

        // The user follows the sign-in URL: the login hint is the template filled from his platform token, PKCE S256 is sent.
        String authorizationUrl = token(usersToken).body("{}").post("/api/orgs/{org}/oauth-configs/{id}/authorize", org, configId)
                .then().statusCode(200).extract().path("authorizationUrl");
        Map<String, String> asked = Flows.query(authorizationUrl);
        assertEquals("frank@contoso.com", asked.get("login_hint"));
        assertEquals("S256", asked.get("code_challenge_method"));

        // He declines at the provider: it redirects back with error=access_denied, which the app hands to the callback.
        token(usersToken).queryParam("state", asked.get("state")).queryParam("error", "access_denied").get("/api/oauth/callback")
                .then().statusCode(400).body("providerError", equalTo("access_denied"));
        execute(usersToken, call).then().statusCode(401)
                .body("error.reason", equalTo("SIGN_IN_DENIED"))
                .body("error.providerError", equalTo("access_denied"))
                .body("error.configName", equalTo("Acme HR"));
        token(stack.oidc().serviceToken("function-runtime")).header("X-User-Token", usersToken)
                .body(Map.of("orgId", org, "userId", user, "tokenReference", "acme.hr.token", "url", stack.echoUrl() + "/hr"))
                .post("/api/tokens/resolve").then().statusCode(401).body("error.reason", equalTo("SIGN_IN_DENIED"));
    }
}
