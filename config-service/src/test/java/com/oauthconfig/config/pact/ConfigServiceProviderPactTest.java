package com.oauthconfig.config.pact;

import com.oauthconfig.contracts.testing.FakeAliasService;
import com.oauthconfig.contracts.testing.FakeTokenService;
import com.oauthconfig.contracts.testing.ProviderPacts;
import com.oauthconfig.rig.Rig;
import com.oauthconfig.rig.RigResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.oauthconfig.config.support.Api.admin;
import static com.oauthconfig.config.support.Api.as;
import static com.oauthconfig.config.support.Api.newOrg;
import static com.oauthconfig.config.support.Api.openIdConfig;
import static com.oauthconfig.config.support.Api.registerDomains;
import static org.hamcrest.Matchers.equalTo;

/**
 * This service honours what its consumers committed in {@code contracts/pacts/*-config-service.json}
 * (the internal reads, the retired read, the existence call and the SSO admission question, as the
 * credential-alias-service and the token-service call them): each
 * interaction is replayed against this running application after its provider state was set up
 * through the real API.
 */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "config_service"))
@WithTestResource(FakeAliasService.class)
@WithTestResource(FakeTokenService.class)
class ConfigServiceProviderPactTest {

    @TestHTTPResource("/")
    URI self;

    @Test
    void everyConsumersCommittedPactIsHonoured() {
        ProviderPacts.verify("config-service", self, consumer -> Rig.oidc().serviceToken(consumer), this::setUp);
    }

    private Map<String, Object> setUp(String state, Map<String, Object> params) {
        String org = newOrg();
        return switch (state) {
            case "a config of the organisation" -> {
                Map<String, Object> body = openIdConfig(params.getOrDefault("title", "pact.config").toString());
                body.put("clientSecret", "pact-secret");
                String id = as(admin(org)).body(body).post("/api/orgs/{org}/oauth-configs", org)
                        .then().statusCode(201).extract().path("id");
                yield Map.of("orgId", org, "configId", id, "title", body.get("title"));
            }
            case "a config of the organisation replaced by a change" -> {
                String title = params.getOrDefault("title", "pact.config").toString();
                Map<String, Object> body = openIdConfig(title);
                body.put("clientSecret", "pact-secret");
                String id = as(admin(org)).body(body).post("/api/orgs/{org}/oauth-configs", org)
                        .then().statusCode(201).extract().path("id");
                // A scope change: only a change that may retire users' tokens keeps the copy the token-service reads.
                Map<String, Object> rescoped = openIdConfig(title);
                rescoped.put("scopes", List.of("openid"));
                as(admin(org)).header("If-Match", "\"1\"").body(rescoped).put("/api/orgs/{org}/oauth-configs/{id}", org, id)
                        .then().statusCode(200).body("version", equalTo(2));
                yield Map.of("orgId", org, "configId", id, "title", title, "version", "2");
            }
            case "a config of the organisation and one removed from it" -> {
                String id = as(admin(org)).body(openIdConfig("pact.kept")).post("/api/orgs/{org}/oauth-configs", org)
                        .then().statusCode(201).extract().path("id");
                String removed = as(admin(org)).body(openIdConfig("pact.removed")).post("/api/orgs/{org}/oauth-configs", org)
                        .then().statusCode(201).extract().path("id");
                as(admin(org)).queryParam("force", "true").delete("/api/orgs/{org}/oauth-configs/{id}", org, removed)
                        .then().statusCode(204);
                yield Map.of("orgId", org, "configId", id, "removedId", removed);
            }
            case "an SSO-enabled config of the organisation admitting one registered domain" -> {
                String domain = params.getOrDefault("domain", "acme.example").toString();
                registerDomains(org, domain);
                Map<String, Object> body = openIdConfig("pact.sso");
                body.put("ssoEnabled", true);
                body.put("domains", List.of(domain));
                String id = as(admin(org)).body(body).post("/api/orgs/{org}/oauth-configs", org)
                        .then().statusCode(201).extract().path("id");
                yield Map.of("orgId", org, "configId", id);
            }
            case "no such config in the organisation" ->
                    Map.of("orgId", org, "configId", UUID.randomUUID().toString(), "title", "no.such.config", "version", "2");
            default -> throw new IllegalArgumentException("unknown provider state: " + state);
        };
    }
}
