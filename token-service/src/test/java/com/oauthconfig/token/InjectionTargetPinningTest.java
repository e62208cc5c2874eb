package com.oauthconfig.token;

import com.oauthconfig.common.egress.PrivateAddressPolicy;
import com.oauthconfig.rig.RigResource;
import com.oauthconfig.common.egress.DnsResolver;
import com.oauthconfig.contracts.testing.FakeAliasService;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.token.support.Fixtures;
import com.oauthconfig.token.support.Functions;
import com.oauthconfig.token.support.RebindingResolver;
import com.oauthconfig.token.support.Upstream;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * DNS rebinding against function targets, with the production target rule (no private addresses;
 * the profile of {@link ProductionTargetRulesTest}):
 * the target's name is resolved once, and the call connects to the address that was judged.
 */
@QuarkusTest
@TestProfile(ProductionTargetRulesTest.PrivateTargetsRefused.class)
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "token_service"))
@WithTestResource(FakeConfigService.class)
@WithTestResource(FakeAliasService.class)
class InjectionTargetPinningTest {

    @Test
    void aTargetNameAnsweringPublicToTheCheckAndPrivateToTheConnectNeverReceivesTheToken() throws Exception {
        String name = RebindingResolver.localName();
        assumeFalse(PrivateAddressPolicy.isPrivateLiteral(name), "this machine's name is refused as written");
        RebindingResolver dns = new RebindingResolver(name);
        QuarkusMock.installMockForType(dns, DnsResolver.class);
        String org = Fixtures.newOrg();
        Fixtures.signIn("ann", org, Fixtures.register(Fixtures.config(org, "acme-okta")).getString("id"));
        try (Upstream upstream = new Upstream("0.0.0.0")) {
            JsonObject call = Functions.call(org, "ann", "acme.oauth.token", "GET", "http://" + name + ":" + upstream.port() + "/me");

            Response r = Functions.execute(call);

            assertTrue(Set.of(502, 504).contains(r.statusCode()), r.statusCode() + " " + r.asString());
            assertEquals(0, upstream.received().size(), "the private address behind the name never received the token");
            assertEquals(1, dns.lookups(), "one lookup: the checked address is the connected address");

            // Asked again, the name answers a private address: refused before the token is read.
            Functions.execute(call).then().statusCode(403);
            assertEquals(0, upstream.received().size());
        }
    }
}
