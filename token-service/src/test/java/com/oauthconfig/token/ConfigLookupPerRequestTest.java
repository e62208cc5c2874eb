package com.oauthconfig.token;

import com.oauthconfig.rig.RigResource;
import com.oauthconfig.token.support.FakeAliasService;
import com.oauthconfig.token.support.FakeConfigService;
import com.oauthconfig.token.support.Fixtures;
import com.oauthconfig.token.support.Functions;
import com.oauthconfig.token.support.Upstream;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static com.oauthconfig.token.support.Functions.call;
import static com.oauthconfig.token.support.Functions.execute;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The injection path reads the config once per request and passes it down (token lookup, refresh,
 * apiHosts rule) instead of reading it again. With the config cache switched off every read is a
 * request to the config-service, so the fake config-service counts them.
 */
@QuarkusTest
@TestProfile(ConfigLookupPerRequestTest.NoConfigCache.class)
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "token_service"))
@WithTestResource(FakeConfigService.class)
@WithTestResource(FakeAliasService.class)
class ConfigLookupPerRequestTest {

    /** Every config read goes to the config-service. */
    public static class NoConfigCache implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("token-service.config-source.cache-ttl", "0S");
        }
    }

    private static final String TITLE = "acme.oauth.token";

    private static int reads(String configId) {
        return FakeConfigService.reads(configId) + FakeConfigService.reads("title:" + TITLE);
    }

    @Test
    void executeAndResolveByTitleReadTheConfigOnce() {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.register(Fixtures.config(org, "acme-okta"));
        String id = config.getString("id");
        Fixtures.signIn("ann", org, id);
        try (Upstream upstream = new Upstream()) {
            int before = reads(id);
            execute(call(org, "ann", TITLE, "GET", upstream.url("/once"))).then().statusCode(200);
            assertEquals(1, reads(id) - before, "config-service requests for one execute");

            before = reads(id);
            Functions.resolve(org, "ann", null, TITLE).then().statusCode(200);
            assertEquals(1, reads(id) - before, "config-service requests for one resolve");
        }
    }

    @Test
    void executeThroughASolutionCredentialReadsTheConfigOnceAfterTheTitleMiss() {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.register(Fixtures.config(org, "acme-okta").put("title", "other.title"));
        String id = config.getString("id");
        Fixtures.signIn("ann", org, id);
        String solution = "sol-" + UUID.randomUUID();
        FakeAliasService.put(org, solution, "crm", id, "OK", null);
        try (Upstream upstream = new Upstream()) {
            int byId = FakeConfigService.reads(id);
            int byTitle = FakeConfigService.reads("title:crm");
            execute(call(org, "ann", "crm", "GET", upstream.url("/alias")).put("solutionId", solution)).then().statusCode(200);
            assertEquals(1, FakeConfigService.reads("title:crm") - byTitle, "the title lookup that misses");
            assertEquals(1, FakeConfigService.reads(id) - byId, "reads of the aliased config by id");
        }
    }
}
