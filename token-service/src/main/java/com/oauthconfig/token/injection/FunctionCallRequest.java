package com.oauthconfig.token.injection;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * A REST function call made for a user. {@code tokenReference} is a config title of the
 * organisation or, with {@code solutionId}, the name of a solution credential (OAuth alias).
 * {@code body}: a JSON string is sent as it is; any other JSON value is sent as JSON. {@code grant}: see {@link Grant}.
 */
public record FunctionCallRequest(String orgId, String userId, String solutionId, String tokenReference, String method,
                                  String url, Map<String, String> headers, Map<String, String> query, JsonNode body,
                                  @Schema(enumeration = {"authorization_code", "client_credentials"},
                                          description = "authorization_code (default): the user's own token; client_credentials: "
                                                  + "the organisation's machine token for the config's client")
                                  String grant) {
}
