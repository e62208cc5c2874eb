package com.oauthconfig.token.injection;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Which token a trusted platform service wants, by the same reference a function uses, for the
 * {@code url} it will call itself (judged by the same target rules as a function's). The user and
 * organisation are those of the user's own token; {@code orgId}/{@code userId}, when given, must
 * name them.
 */
public record TokenResolveRequest(String orgId, String userId, String solutionId, String tokenReference, String url,
                                  @Schema(enumeration = {"authorization_code", "client_credentials"},
                                          description = "authorization_code (default): the user's own token; client_credentials: "
                                                  + "the organisation's machine token for the config's client")
                                  String grant) {
}
