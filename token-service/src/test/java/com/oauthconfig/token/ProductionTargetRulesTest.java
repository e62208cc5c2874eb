package com.oauthconfig.token;

import com.oauthconfig.rig.RigResource;
import com.oauthconfig.contracts.testing.FakeAliasService;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.token.support.Fixtures;
import com.oauthconfig.token.support.Upstream;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static com.oauthconfig.token.support.Functions.call;
import static com.oauthconfig.token.support.Functions.execute;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * With {@code allow-private-targets=false} (the production default), calls to loopback, private,
 * link-local and metadata addresses are refused before any token is looked at or sent, even for a
 * signed-in user; plain http is refused unless allowed.
 */
@QuarkusTest
@TestProfile(ProductionTargetRulesTest.PrivateTargetsRefused.class)
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "token_service"))
@WithTestResource(FakeConfigService.class)
@WithTestResource(FakeAliasService.class)
class ProductionTargetRulesTest {

    /** Production target rules, except plain http (the rig's servers have no TLS); provider calls stay as in tests. */
    public static class PrivateTargetsRefused implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("token-service.allow-private-targets", "false");
        }
    }

    @Test
    void loopbackPrivateLinkLocalAndMetadataTargetsAreRefusedWithoutTheTokenLeaving() {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.register(Fixtures.config(org, "acme-okta"));
        Fixtures.signIn("ann", org, config.getString("id"));
        try (Upstream local = new Upstream()) {
            for (String url : new String[] {
                    local.url("/x"),
                    "http://127.0.0.1:" + local.port() + "/x",
                    "http://[::1]:" + local.port() + "/x",
                    "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
                    "http://metadata.google.internal/computeMetadata/v1/",
                    "http://10.1.2.3/internal",
                    "http://192.168.0.10/router",
                    "http://2130706433:" + local.port() + "/x",
                    "http://localtest.localhost:" + local.port() + "/x"}) {
                execute(call(org, "ann", "acme.oauth.token", "GET", url)).then().statusCode(403)
                        .body("error.name", equalTo("FunctionNotAllowedError"));
            }
            assertEquals(0, local.received().size(), "no request reached the local server");
        }
    }
}
