package com.oauthconfig.token.injection;

/** Which user's token a trusted platform service wants, by the same reference a function uses. */
public record TokenResolveRequest(String orgId, String userId, String solutionId, String tokenReference) {
}
