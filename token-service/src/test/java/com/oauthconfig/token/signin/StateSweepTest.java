package com.oauthconfig.token.signin;

import com.oauthconfig.rig.RigResource;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.token.support.Fixtures;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "token_service"))
@WithTestResource(FakeConfigService.class)
class StateSweepTest {

    @Inject
    SignInService signIn;

    @Test
    void sweepDeletesExpiredSignInTransactionsAndKeepsLiveOnes() {
        String expiredOrg = Fixtures.newOrg();
        String liveOrg = Fixtures.newOrg();
        for (String org : new String[] {expiredOrg, liveOrg}) {
            JsonObject config = Fixtures.register(Fixtures.config(org, "acme-okta"));
            Fixtures.authorizationUrl(Fixtures.userToken("ann", org), org, config.getString("id"));
        }
        Fixtures.update("update auth_state set expires_at = now() - interval '1 minute' where org_id = ?", expiredOrg);

        signIn.sweepExpiredStates().await().atMost(Duration.ofSeconds(30));

        assertNull(Fixtures.row("select 1 from auth_state where org_id = ?", expiredOrg));
        assertNotNull(Fixtures.row("select 1 from auth_state where org_id = ?", liveOrg));
    }
}
