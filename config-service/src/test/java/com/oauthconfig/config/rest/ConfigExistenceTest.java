package com.oauthconfig.config.rest;

import com.oauthconfig.contracts.ContractSchema;
import com.oauthconfig.contracts.config.ConfigExistenceQuestion;
import com.oauthconfig.contracts.testing.FakeAliasService;
import com.oauthconfig.contracts.testing.SchemaCheck;
import com.oauthconfig.rig.RigResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.oauthconfig.config.support.Api.admin;
import static com.oauthconfig.config.support.Api.as;
import static com.oauthconfig.config.support.Api.create;
import static com.oauthconfig.config.support.Api.newOrg;
import static com.oauthconfig.config.support.Api.openIdConfig;
import static com.oauthconfig.config.support.Api.service;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

/**
 * The existence question the alias service's reconciliation asks: each id is existing, removed
 * (it was a configuration of this organisation) or unknown, and the answer names the organisation;
 * question and answer are the contracts module's, each valid against its schema.
 */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "config_service"))
@WithTestResource(FakeAliasService.class)
class ConfigExistenceTest {

    private static final String EXISTENCE = ConfigExistenceQuestion.PATH.replace("{orgId}", "{org}");

    @Test
    void eachIdIsAnsweredExistingRemovedOrUnknownForTheAskedOrganisationOnly() {
        String org = newOrg();
        String kept = create(org, openIdConfig("exists.kept"));
        String removed = create(org, openIdConfig("exists.removed"));
        as(admin(org)).queryParam("force", "true").delete("/api/orgs/{org}/oauth-configs/{id}", org, removed).then().statusCode(204);
        String otherOrg = newOrg();
        String foreign = create(otherOrg, openIdConfig("exists.foreign"));
        String never = UUID.randomUUID().toString();

        Map<String, Object> question = Map.of("ids", List.of(kept, removed, foreign, never, kept));
        SchemaCheck.assertValid(ContractSchema.OAUTH_CONFIG_EXISTENCE_QUESTION, JsonObject.mapFrom(question).encode());
        String answer = as(service("credential-alias-service")).body(question)
                .post(EXISTENCE, org).then().statusCode(200)
                .body("orgId", equalTo(org))
                .body("existing", contains(kept))
                .body("removed", contains(removed))
                // Another organisation's configuration was never one of this organisation's.
                .body("unknown", contains(foreign, never))
                .extract().asString();
        SchemaCheck.assertValid(ContractSchema.OAUTH_CONFIG_EXISTENCE_ANSWER, answer);
        SchemaCheck.assertValid(ContractSchema.OAUTH_CONFIG_EXISTENCE_ANSWER,
                as(service("credential-alias-service")).body(Map.of("ids", List.of(kept, removed))).post(EXISTENCE, otherOrg)
                .then().statusCode(200).body("orgId", equalTo(otherOrg)).body("existing", empty()).body("removed", empty())
                .body("unknown", contains(kept, removed)).extract().asString());
    }

    @Test
    void onlyServicesMayAskAndAMalformedQuestionIsA400NamingTheField() {
        String org = newOrg();
        String id = create(org, openIdConfig("exists.guarded"));
        as(admin(org)).body(Map.of("ids", List.of(id))).post(EXISTENCE, org).then().statusCode(403);
        as(service("credential-alias-service")).body(Map.of("ids", List.of(id, "1-1-1-1-1"))).post(EXISTENCE, org)
                .then().statusCode(400).body("errors[0].field", equalTo("ids[1]"));
        as(service("credential-alias-service")).body(Map.of("ids", List.of())).post(EXISTENCE, org)
                .then().statusCode(400).body("errors[0].field", equalTo("ids"));
        List<String> tooMany = new ArrayList<>(Collections.nCopies(ConfigExistenceQuestion.MAX_IDS + 1, id));
        as(service("credential-alias-service")).body(Map.of("ids", tooMany)).post(EXISTENCE, org)
                .then().statusCode(400).body("errors[0].field", equalTo("ids"));
    }
}
