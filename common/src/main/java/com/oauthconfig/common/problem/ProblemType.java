package com.oauthconfig.common.problem;

/**
 * The catalogue of problem types shared by the services. The {@code type} URI is stable: clients
 * may match on it. Services may define their own {@link ProblemType} instances for what only
 * they do.
 */
public record ProblemType(String slug, int status, String title) {

    public static final String URI_PREFIX = "urn:oauth-platform:problem:";

    public static final ProblemType VALIDATION = new ProblemType("validation", 400, "The request is not valid");
    public static final ProblemType MALFORMED = new ProblemType("malformed-body", 400, "The request body is not well-formed JSON");
    public static final ProblemType UNAUTHENTICATED = new ProblemType("unauthenticated", 401, "A valid bearer token is required");
    public static final ProblemType FORBIDDEN = new ProblemType("forbidden", 403, "Your role does not allow this");
    public static final ProblemType NOT_FOUND = new ProblemType("not-found", 404, "Not found");
    public static final ProblemType METHOD_NOT_ALLOWED = new ProblemType("method-not-allowed", 405, "Method not allowed");
    public static final ProblemType NOT_ACCEPTABLE = new ProblemType("not-acceptable", 406, "Not acceptable");
    public static final ProblemType CONFLICT = new ProblemType("conflict", 409, "Conflicts with the current state");
    public static final ProblemType PRECONDITION_FAILED = new ProblemType("precondition-failed", 412, "The record changed since you read it");
    public static final ProblemType PAYLOAD_TOO_LARGE = new ProblemType("payload-too-large", 413, "The request body is too large");
    public static final ProblemType UNSUPPORTED_MEDIA_TYPE = new ProblemType("unsupported-media-type", 415, "Unsupported media type");
    public static final ProblemType PRECONDITION_REQUIRED = new ProblemType("precondition-required", 428, "If-Match is required");
    public static final ProblemType TOO_MANY_REQUESTS = new ProblemType("too-many-requests", 429, "Too many requests; see Retry-After");
    public static final ProblemType INTERNAL = new ProblemType("internal", 500, "Internal error");
    public static final ProblemType DEPENDENCY_UNAVAILABLE = new ProblemType("dependency-unavailable", 503, "A service this depends on is unavailable");

    public String uri() {
        return URI_PREFIX + slug;
    }
}
