package com.oauthconfig.token.support;

import com.oauthconfig.common.crypto.EnvelopeCipher;
import com.oauthconfig.rig.Rig;
import com.oauthconfig.token.store.TokenRow;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;

import java.util.Map;

import static io.restassured.RestAssured.given;

/** Calls of the injection endpoints as a platform service would make them. */
public final class Functions {

    private Functions() {
    }

    /**
     * The function runtime's token (SERVICE role, client id {@code function-runtime}), as the rig's
     * provider issues it: the one platform service {@code token-service.injection.callers} lets in by default.
     */
    public static String serviceToken() {
        return Rig.oidc().serviceToken("function-runtime");
    }

    public static JsonObject call(String orgId, String userId, String reference, String method, String url) {
        return new JsonObject().put("orgId", orgId).put("userId", userId).put("tokenReference", reference)
                .put("method", method).put("url", url);
    }

    public static Response execute(JsonObject call) {
        return given().auth().oauth2(serviceToken()).contentType("application/json").body(call.encode())
                .when().post("/api/functions/execute");
    }

    public static Response execute(JsonObject call, String correlationId) {
        return given().auth().oauth2(serviceToken()).header("X-Correlation-Id", correlationId)
                .contentType("application/json").body(call.encode()).when().post("/api/functions/execute");
    }

    public static Response resolve(String orgId, String userId, String solutionId, String reference) {
        JsonObject body = new JsonObject().put("orgId", orgId).put("userId", userId).put("tokenReference", reference);
        if (solutionId != null) {
            body.put("solutionId", solutionId);
        }
        return given().auth().oauth2(serviceToken()).contentType("application/json").body(body.encode())
                .when().post("/api/tokens/resolve");
    }

    /** The access token the store holds for (org, config, user), opened. */
    public static String storedAccessToken(EnvelopeCipher cipher, JsonObject config, String user) {
        Map<String, Object> row = Fixtures.tokenRow(config.getString("orgId"), config.getString("id"), user);
        return cipher.open((String) row.get("access_token_sealed"),
                TokenRow.context(config.getString("orgId"), config.getString("id"), user));
    }
}
