package com.oauthconfig.config.rest;

import com.oauthconfig.contracts.ContractSchema;
import com.oauthconfig.contracts.testing.FakeAliasService;
import com.oauthconfig.contracts.testing.FakeTokenService;
import com.oauthconfig.contracts.testing.SchemaCheck;
import com.oauthconfig.rig.Rig;
import com.oauthconfig.rig.RigResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static com.oauthconfig.config.support.Api.admin;
import static com.oauthconfig.config.support.Api.as;
import static com.oauthconfig.config.support.Api.create;
import static com.oauthconfig.config.support.Api.newOrg;
import static com.oauthconfig.config.support.Api.openIdConfig;
import static com.oauthconfig.config.support.Api.service;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The service-only read keeps its contract with the token-service; concurrent writers cannot both win. */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "config_service"))
@WithTestResource(FakeAliasService.class)
@WithTestResource(FakeTokenService.class)
class InternalReadAndConcurrencyTest {

    @Test
    void internalReadAnswersAreValidAgainstTheContractsSchemaForEveryReader() {
        String org = newOrg();
        Map<String, Object> body = openIdConfig("schema.internal");
        body.put("clientSecret", "for-the-token-service");
        body.put("loginHint", "ann@example.com");
        body.put("endpoints", Map.of("userinfo", "https://idp.example.com/userinfo"));
        String id = create(org, body);
        String bare = create(org, openIdConfig("schema.internal.bare"));
        for (String reader : List.of("token-service", "credential-alias-service")) {
            for (String config : List.of(id, bare)) {
                SchemaCheck.assertValid(ContractSchema.OAUTH_CONFIG_INTERNAL, as(service(reader))
                        .get("/internal/orgs/{org}/oauth-configs/{id}", org, config).then().statusCode(200).extract().asString());
            }
            SchemaCheck.assertValid(ContractSchema.OAUTH_CONFIG_INTERNAL, as(service(reader)).queryParam("title", "schema.internal")
                    .get("/internal/orgs/{org}/oauth-configs", org).then().statusCode(200).extract().asString());
        }
    }

    @Test
    void internalReadHasExactlyTheContractMembersByIdAndByTitle() {
        String org = newOrg();
        Map<String, Object> body = openIdConfig("contract.shape");
        body.put("clientSecret", "for-the-token-service");
        body.put("endpoints", Map.of("userinfo", "https://idp.example.com/userinfo"));
        body.put("apiHosts", List.of("api.example.com"));
        body.put("imageUrl", "https://cdn.example.com/contract.png");
        String id = create(org, body);
        Set<String> contract = Set.of("id", "orgId", "version", "name", "title", "type", "clientId", "clientSecret", "issuer",
                "endpoints", "usePkce", "useNonce", "scopes", "redirectUrls", "loginHint", "apiHosts", "audience", "tenantId",
                "ssoEnabled", "ssoEmailAuthoritative", "imageUrl");
        Map<String, Object> byId = as(service("token-service")).get("/internal/orgs/{org}/oauth-configs/{id}", org, id)
                .then().statusCode(200).extract().jsonPath().getMap("");
        assertEquals(contract, byId.keySet());
        assertEquals("https://cdn.example.com/contract.png", byId.get("imageUrl"), "what the Home Hub and the apps show");
        assertEquals(Set.of("authorization", "token", "userinfo", "jwks", "revocation", "endSession"),
                ((Map<?, ?>) byId.get("endpoints")).keySet());
        Map<String, Object> byTitle = as(service("token-service")).queryParam("title", "contract.shape")
                .get("/internal/orgs/{org}/oauth-configs", org).then().statusCode(200).extract().jsonPath().getMap("");
        assertEquals(byId, byTitle);
        assertEquals("for-the-token-service", byTitle.get("clientSecret"));
    }

    @Test
    void onlyTheTokenServiceReadsTheSecretOtherServicesGetTheRecordWithoutIt() {
        String org = newOrg();
        Map<String, Object> body = openIdConfig("secret.readers");
        body.put("clientSecret", "only-for-the-token-service");
        String id = create(org, body);
        as(service("credential-alias-service")).get("/internal/orgs/{org}/oauth-configs/{id}", org, id)
                .then().statusCode(200).body("id", equalTo(id)).body("clientSecret", nullValue())
                .body(not(containsString("only-for-the-token-service")));
        as(service("token-service")).get("/internal/orgs/{org}/oauth-configs/{id}", org, id)
                .then().statusCode(200).body("clientSecret", equalTo("only-for-the-token-service"));
    }

    @Test
    void internalReadIsOnlyForTheTokenAndAliasServicesJudgedByClientIdNotSubject() {
        String org = newOrg();
        Map<String, Object> body = openIdConfig("reader.scope");
        body.put("clientSecret", "not-for-other-clients");
        String id = create(org, body);
        // The app runtime is a platform service, but reads no configuration.
        as(service("function-runtime")).get("/internal/orgs/{org}/oauth-configs/{id}", org, id)
                .then().statusCode(403).body(not(containsString("not-for-other-clients")));
        as(service("function-runtime")).queryParam("title", "reader.scope").get("/internal/orgs/{org}/oauth-configs", org)
                .then().statusCode(403);
        // Another client whose service account's subject reads "token-service" is still that other client.
        as(Rig.oidc().serviceToken("reporting-job", "token-service")).get("/internal/orgs/{org}/oauth-configs/{id}", org, id)
                .then().statusCode(403).body(not(containsString("not-for-other-clients")));
        // And the token-service's client keeps its secret whatever its subject says.
        as(Rig.oidc().serviceToken("token-service", "7c1e-service-account")).get("/internal/orgs/{org}/oauth-configs/{id}", org, id)
                .then().statusCode(200).body("clientSecret", equalTo("not-for-other-clients"));
        as(Rig.oidc().serviceToken("credential-alias-service", "token-service")).get("/internal/orgs/{org}/oauth-configs/{id}", org, id)
                .then().statusCode(200).body("clientSecret", nullValue()).body(not(containsString("not-for-other-clients")));
    }

    @Test
    void internalReadIsScopedByOrganisation() {
        String org = newOrg();
        String id = create(org, openIdConfig("scoped.read"));
        String other = newOrg();
        as(service("token-service")).get("/internal/orgs/{org}/oauth-configs/{id}", other, id).then().statusCode(404)
                .contentType("application/problem+json");
        as(service("token-service")).queryParam("title", "scoped.read").get("/internal/orgs/{org}/oauth-configs", other)
                .then().statusCode(404);
        as(service("token-service")).get("/internal/orgs/{org}/oauth-configs", org).then().statusCode(400)
                .body("errors[0].field", equalTo("title"));
    }

    @Test
    void twoConcurrentWritesWithTheSameEtagLeaveExactlyOneWinnerAndOne412() throws Exception {
        String org = newOrg();
        String id = create(org, openIdConfig("race.me"));
        String token = admin(org);
        int writers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Integer>> results = new ArrayList<>();
        try {
            for (int i = 0; i < writers; i++) {
                int n = i;
                results.add(CompletableFuture.supplyAsync(() -> {
                    Map<String, Object> body = openIdConfig("race.me");
                    body.put("name", "writer " + n);
                    try {
                        start.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return as(token).header("If-Match", "\"1\"").body(body)
                            .put("/api/orgs/{org}/oauth-configs/{id}", org, id).statusCode();
                }, pool));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (CompletableFuture<Integer> f : results) {
                statuses.add(f.get(30, TimeUnit.SECONDS));
            }
            assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
            assertEquals(writers - 1, statuses.stream().filter(s -> s == 412).count(), statuses.toString());
        } finally {
            pool.shutdownNow();
        }
        as(admin(org)).get("/api/orgs/{org}/oauth-configs/{id}", org, id).then().body("version", equalTo(2));
        as(admin(org)).get("/api/orgs/{org}/oauth-configs/{id}/audit", org, id).then().body("total", equalTo(2));
    }

    @Test
    void concurrentCreatesWithTheSameTitleGiveOne201AndConflictsNever500() throws Exception {
        String org = newOrg();
        String token = admin(org);
        int writers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Integer>> results = new ArrayList<>();
        try {
            for (int i = 0; i < writers; i++) {
                results.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return as(token).body(openIdConfig("same.title")).post("/api/orgs/{org}/oauth-configs", org).statusCode();
                }, pool));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (CompletableFuture<Integer> f : results) {
                statuses.add(f.get(30, TimeUnit.SECONDS));
            }
            assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
            assertEquals(writers - 1, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
        } finally {
            pool.shutdownNow();
        }
        as(admin(org)).get("/api/orgs/{org}/oauth-configs", org).then().body("total", equalTo(1));
    }
}
