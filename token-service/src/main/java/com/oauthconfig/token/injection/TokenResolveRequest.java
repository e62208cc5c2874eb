package com.oauthconfig.token.injection;

/**
 * Which token a trusted platform service wants, by the same reference a function uses, for the
 * {@code url} it will call itself (judged by the same target rules as a function's). The user and
 * organisation are those of the user's own token; {@code orgId}/{@code userId}, when given, must
 * name them.
 */
public record TokenResolveRequest(String orgId, String userId, String solutionId, String tokenReference, String url) {
}
