package com.oauthconfig.config.rest;

import com.oauthconfig.contracts.testing.FakeAliasService;
import com.oauthconfig.config.support.ProductionPoliciesProfile;
import com.oauthconfig.rig.RigResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static com.oauthconfig.config.support.Api.admin;
import static com.oauthconfig.config.support.Api.as;
import static com.oauthconfig.config.support.Api.newOrg;
import static com.oauthconfig.config.support.Api.openIdConfig;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * With {@code config-service.allow-private-endpoints=false} (the production default) issuer and
 * endpoint URLs may not aim at this machine, the private network or the metadata service.
 */
@QuarkusTest
@TestProfile(ProductionPoliciesProfile.class)
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "config_service"))
@WithTestResource(FakeAliasService.class)
class PrivateEndpointsRefusedTest {

    @ParameterizedTest
    @ValueSource(strings = {"https://127.0.0.1/", "https://localhost:8443/", "https://169.254.169.254/latest/meta-data/",
            "https://10.1.2.3/", "https://[::1]/", "https://metadata.google.internal/", "http://93.184.216.34/"})
    void issuerAimedAtPrivateOrPlainHttpTargetsIsRefused(String issuer) {
        String org = newOrg();
        Map<String, Object> body = openIdConfig("ssrf.issuer");
        body.put("issuer", issuer);
        as(admin(org)).body(body).post("/api/orgs/{org}/oauth-configs", org).then().statusCode(400)
                .body("errors[0].field", equalTo("issuer"))
                .body("errors[0].rule", containsString(issuer.startsWith("http:") ? "https" : "host"));
    }

    @Test
    void tokenEndpointAimedAtPrivateNetworkIsRefused() {
        String org = newOrg();
        Map<String, Object> body = openIdConfig("ssrf.token");
        // A public literal issuer needs no DNS (the build machine may have none); the token endpoint is private.
        body.put("issuer", "https://93.184.216.34");
        body.put("endpoints", Map.of("token", "https://192.168.0.10/token"));
        as(admin(org)).body(body).post("/api/orgs/{org}/oauth-configs", org).then().statusCode(400)
                .body("errors.field", contains("endpoints.token"))
                .body("errors[0].rule", containsString("private address"));
    }

    @Test
    void publicHttpsAddressIsAccepted() {
        String org = newOrg();
        Map<String, Object> body = openIdConfig("public.issuer");
        body.put("issuer", "https://93.184.216.34");
        as(admin(org)).body(body).post("/api/orgs/{org}/oauth-configs", org).then().statusCode(201);
    }
}
