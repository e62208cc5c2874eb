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

    /** The header that proves the end user is present: the user's own platform token. */
    public static final String USER_TOKEN = "X-User-Token";
    /** The URL a resolving service says it will call (any public https URL: the test profile allows private targets). */
    public static final String RESOLVE_TARGET = "https://api.example.test/me";

    /** The user's own platform token, as the function runtime forwards it. */
    public static String userToken(String orgId, String userId) {
        return Fixtures.userToken(userId, orgId);
    }

    public static JsonObject call(String orgId, String userId, String reference, String method, String url) {
        return new JsonObject().put("orgId", orgId).put("userId", userId).put("tokenReference", reference)
                .put("method", method).put("url", url);
    }

    /** Executes for the user the call names, with that user's own token. */
    public static Response execute(JsonObject call) {
        return given().auth().oauth2(serviceToken()).header(USER_TOKEN, userToken(call.getString("orgId"), call.getString("userId")))
                .contentType("application/json").body(call.encode()).when().post("/api/functions/execute");
    }

    public static Response execute(JsonObject call, String correlationId) {
        return given().auth().oauth2(serviceToken()).header(USER_TOKEN, userToken(call.getString("orgId"), call.getString("userId")))
                .header("X-Correlation-Id", correlationId)
                .contentType("application/json").body(call.encode()).when().post("/api/functions/execute");
    }

    /** The resolve body a service sends for a user (with {@link #RESOLVE_TARGET} as the URL it will call). */
    public static JsonObject resolveBody(String orgId, String userId, String solutionId, String reference) {
        JsonObject body = new JsonObject().put("orgId", orgId).put("userId", userId).put("tokenReference", reference)
                .put("url", RESOLVE_TARGET);
        if (solutionId != null) {
            body.put("solutionId", solutionId);
        }
        return body;
    }

    /** Resolves for the user it names, with that user's own token (a null user sends no user token). */
    public static Response resolve(String orgId, String userId, String solutionId, String reference) {
        var request = given().auth().oauth2(serviceToken());
        if (orgId != null && userId != null) {
            request.header(USER_TOKEN, userToken(orgId, userId));
        }
        return request.contentType("application/json").body(resolveBody(orgId, userId, solutionId, reference).encode())
                .when().post("/api/tokens/resolve");
    }

    /** The access token the store holds for (org, config, user), opened. */
    public static String storedAccessToken(EnvelopeCipher cipher, JsonObject config, String user) {
        Map<String, Object> row = Fixtures.tokenRow(config.getString("orgId"), config.getString("id"), user);
        return cipher.open((String) row.get("access_token_sealed"),
                TokenRow.context(config.getString("orgId"), config.getString("id"), user));
    }
}
