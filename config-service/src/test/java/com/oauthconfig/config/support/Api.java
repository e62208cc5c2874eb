package com.oauthconfig.config.support;

import com.oauthconfig.common.crypto.EnvelopeCipher;
import com.oauthconfig.common.crypto.KeyRing;
import com.oauthconfig.rig.Rig;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Test helpers: tokens from the rig's OIDC provider, fresh organisations, valid bodies. */
public final class Api {

    private Api() {
    }

    /** A cipher sealing with {@code keyId} of this service's key ring, as a deployment with that key active did. */
    public static EnvelopeCipher sealerWith(String keyId) {
        return new EnvelopeCipher(KeyRing.of(keyId, Map.of(keyId,
                ConfigProvider.getConfig().getValue("config-service.crypto.keys." + keyId, String.class))));
    }

    public static String newOrg() {
        return "org-" + UUID.randomUUID();
    }

    public static String token(String orgId, String... roles) {
        return Rig.oidc().platformToken("user-" + String.join("-", roles).toLowerCase() + "@" + orgId, orgId, roles);
    }

    public static String admin(String orgId) {
        return token(orgId, "ADMIN");
    }

    /** Platform support staff: role SUPPORT in the platform's staff organisation. */
    public static String support() {
        return Rig.oidc().staffSupportToken("support-agent");
    }

    public static String service(String name) {
        return Rig.oidc().serviceToken(name);
    }

    public static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    /** Registers domains for an organisation, as platform support does. */
    public static void registerDomains(String orgId, String... domains) {
        as(support()).body(Map.of("domains", Arrays.asList(domains)))
                .put("/api/orgs/{org}/domains", orgId).then().statusCode(200);
    }

    /** The issuer every default test config uses: a real provider whose discovery document names it. */
    public static String testIssuer() {
        return Rig.oidc().issuer("example-idp");
    }

    /** A valid OPENID configuration body with an issuer; tests change what they exercise. */
    public static Map<String, Object> openIdConfig(String title) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", "Sign in with Example");
        c.put("title", title);
        c.put("type", "OPENID");
        c.put("redirectUrls", new ArrayList<>(List.of("com.example.app:/oauth2redirect")));
        c.put("clientId", "client-" + title);
        c.put("issuer", testIssuer());
        c.put("scopes", new ArrayList<>(List.of("openid", "profile", "email")));
        return c;
    }

    /** Creates a configuration and returns its id. */
    public static String create(String orgId, Map<String, Object> body) {
        return as(admin(orgId)).body(body).post("/api/orgs/{org}/oauth-configs", orgId)
                .then().statusCode(201).extract().path("id");
    }
}
