package com.oauthconfig.token.injection;

import com.fasterxml.jackson.databind.JsonNode;
import com.oauthconfig.common.problem.Problems;
import com.oauthconfig.common.security.Caller;
import com.oauthconfig.common.telemetry.LogContextFilter;
import com.oauthconfig.token.config.TokenServiceConfig;
import com.oauthconfig.token.web.Ids;
import io.quarkus.security.Authenticated;
import io.quarkus.security.AuthenticationFailedException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestMulti;
import org.jboss.resteasy.reactive.RestResponse;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The injection path for the platform's function runtime (SERVICE role, its client id listed in
 * {@code token-service.injection.callers}) acting for a user who is present (the user's own
 * platform token in {@code X-User-Token}): run a REST function with the user's token injected, or
 * hand the token to a trusted service that calls the URL it names itself.
 */
@Authenticated
@Path("/api")
public class FunctionResource {

    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
    /** RFC 9110 token characters: a header name with anything else (CR, LF, ':', space) is refused. */
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}");
    /** RFC 9110 field-value: visible characters, obs-text (0x80-0xFF), space and tab. */
    private static final Pattern HEADER_VALUE = Pattern.compile("[\\t\\x20-\\x7E\\x80-\\xFF]{0,8192}");
    private static final int MAX_ID = 256;
    private static final int MAX_TARGET = 8192;

    private final FunctionExecutor executor;
    private final TargetPolicy targets;
    private final Caller caller;
    private final FunctionErrorResponses errors;
    private final TokenServiceConfig settings;
    private final PresentUserVerifier users;
    private final InjectionOutcomes outcomes;

    public FunctionResource(FunctionExecutor executor, TargetPolicy targets, Caller caller, FunctionErrorResponses errors,
                            TokenServiceConfig settings, PresentUserVerifier users, InjectionOutcomes outcomes) {
        this.outcomes = outcomes;
        this.settings = settings;
        this.users = users;
        this.executor = executor;
        this.targets = targets;
        this.caller = caller;
        this.errors = errors;
    }

    @POST
    @Path("/functions/execute")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(summary = "Runs a REST function with the user's token injected (SERVICE role, a client id in token-service.injection.callers)",
            description = "Streams the target's answer back with its status, headers and body unchanged (redirects are "
                    + "passed back, never followed). X-Correlation-Id is taken from the request (or generated), sent to "
                    + "the target and returned. Failures answer a JSON FunctionErrorResponse whose error.name is one of "
                    + "the catalogue in the README.")
    @APIResponse(responseCode = "200", description = "Whatever the target answered (any status)")
    @APIResponse(responseCode = "400", description = "Invalid call (problem+json naming the field)")
    @APIResponse(responseCode = "401", description = "OAuthCredentialsMissingError (or the caller's own token is missing)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FunctionErrorResponse.class)))
    @APIResponse(responseCode = "403", description = "FunctionNotAllowedError (or, as problem+json, the caller is not a platform service in token-service.injection.callers)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FunctionErrorResponse.class)))
    @APIResponse(responseCode = "404", description = "TokenReferenceNotFoundError",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FunctionErrorResponse.class)))
    @APIResponse(responseCode = "502", description = "UpstreamUnreachableError",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FunctionErrorResponse.class)))
    @APIResponse(responseCode = "503", description = "ProviderUnavailableError, DependencyUnavailableError",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FunctionErrorResponse.class)))
    @APIResponse(responseCode = "504", description = "UpstreamTimeoutError",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FunctionErrorResponse.class)))
    public RestMulti<byte[]> execute(FunctionCallRequest request, @HeaderParam(LogContextFilter.HEADER) String correlation,
                                     @HeaderParam(PresentUserVerifier.HEADER) String userToken) {
        requireInjectionCaller();
        requireUserToken(userToken);
        String correlationId = LogContextFilter.correlationId(correlation);
        FunctionExecutor.Call call = validate(request, correlationId);
        Uni<UpstreamClient.Response> outcome = users.verify(userToken)
                .map(user -> call.actingFor(actingFor(user, call.orgId(), call.userId())))
                .chain(c -> executor.execute(c).invoke(r -> outcomes.ok("execute"))
                        .onFailure().invoke(f -> outcomes.failed("execute", f))
                        .onFailure().recoverWithItem(f -> errors.streamed(f, correlationId)));
        return RestMulti.fromUniResponse(outcome, UpstreamClient.Response::body, UpstreamClient.Response::headers,
                UpstreamClient.Response::status);
    }

    @POST
    @Path("/tokens/resolve")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Resolves a user's token for a trusted platform service that performs the call itself (SERVICE role, a client id in token-service.injection.callers)",
            description = "Same resolution and the same error catalogue as /api/functions/execute. The answer carries "
                    + "Cache-Control: no-store; the token must not be stored or logged.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = TokenResolveResponse.class)))
    @APIResponse(responseCode = "403", description = "The caller is not a platform service in token-service.injection.callers (problem+json)")
    @APIResponse(responseCode = "401", description = "OAuthCredentialsMissingError",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FunctionErrorResponse.class)))
    @APIResponse(responseCode = "404", description = "TokenReferenceNotFoundError",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FunctionErrorResponse.class)))
    @APIResponse(responseCode = "503", description = "ProviderUnavailableError, DependencyUnavailableError",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FunctionErrorResponse.class)))
    public Uni<RestResponse<TokenResolveResponse>> resolve(TokenResolveRequest request, @HeaderParam(LogContextFilter.HEADER) String correlation,
                                 @HeaderParam(PresentUserVerifier.HEADER) String userToken) {
        requireInjectionCaller();
        requireUserToken(userToken);
        String correlationId = LogContextFilter.correlationId(correlation);
        if (request == null) {
            throw Problems.invalid("body", "is required");
        }
        optionalId("orgId", request.orgId());
        optionalId("userId", request.userId());
        requireId("tokenReference", request.tokenReference());
        optionalId("solutionId", request.solutionId());
        Grant grant = Grant.parse(request.grant());
        URI target = targets.parse(request.url());
        boundedLength(request.url(), target, null);
        return users.verify(userToken)
                .map(user -> actingFor(user, request.orgId(), request.userId()))
                .chain(user -> executor.tokenFor(user, request.solutionId(), request.tokenReference(), grant, target)
                        .map(r -> RestResponse.ResponseBuilder.ok(new TokenResolveResponse(r.accessToken(), "Bearer", r.expiresAt(),
                                        r.config().id().toString(), r.config().title(), correlationId))
                                .header("Cache-Control", "no-store")
                                .header(LogContextFilter.HEADER, correlationId).build())
                        .invoke(r -> outcomes.ok("resolve"))
                        .onFailure().invoke(f -> outcomes.failed("resolve", f))
                        .onFailure().recoverWithItem(f -> errors.response(f, correlationId)));
    }

    /**
     * A platform service on the allow-list ({@code token-service.injection.callers}), matched on the
     * client id the token was issued to ({@code azp}, else {@code client_id}; never {@code sub}):
     * any other SERVICE token, or one naming no client, gets the same 403 people get, before
     * anything is resolved.
     */
    private void requireInjectionCaller() {
        caller.requireServiceClient(settings.injection().callers());
    }

    /** The call acts only for a user who is present: without the user's own token nothing is read. */
    private static void requireUserToken(String userToken) {
        if (userToken == null || userToken.isBlank()) {
            throw new AuthenticationFailedException(PresentUserVerifier.HEADER + " (the user's own platform token) is required");
        }
    }

    /**
     * The user and organisation of the verified user token. A body may repeat them; naming anyone
     * else is refused (403) before anything is resolved.
     */
    private static PresentUser actingFor(PresentUser user, String bodyOrgId, String bodyUserId) {
        if ((bodyOrgId != null && !bodyOrgId.equals(user.orgId())) || (bodyUserId != null && !bodyUserId.equals(user.userId()))) {
            throw Problems.forbidden("orgId and userId are those of the user whose token is in " + PresentUserVerifier.HEADER);
        }
        return user;
    }

    /** Bounded like common servers' request line (8 KiB), with the query parameters encoded in. */
    private static void boundedLength(String url, URI parsed, Map<String, String> query) {
        // Bounded like common servers' request line and header block (8 KiB): longer ones would only come back
        // as the target's 414/431, after the user's token had been sent along.
        if (url.length() > MAX_TARGET) {
            throw Problems.invalid("url", "must be at most " + MAX_TARGET + " characters");
        }
        if (FunctionExecutor.withQuery(parsed, query).toString().length() > MAX_TARGET) {
            throw Problems.invalid("query", "makes the URL longer than " + MAX_TARGET + " characters once encoded");
        }
    }

    private FunctionExecutor.Call validate(FunctionCallRequest r, String correlationId) {
        if (r == null) {
            throw Problems.invalid("body", "is required");
        }
        optionalId("orgId", r.orgId());
        optionalId("userId", r.userId());
        requireId("tokenReference", r.tokenReference());
        optionalId("solutionId", r.solutionId());
        Grant grant = Grant.parse(r.grant());
        if (r.method() == null || !METHODS.contains(r.method())) {
            throw Problems.invalid("method", "must be one of " + String.join(", ", METHODS.stream().sorted().toList()));
        }
        URI url = targets.parse(r.url());
        if (r.headers() != null) {
            r.headers().forEach((name, value) -> {
                if (name == null || !HEADER_NAME.matcher(name).matches()) {
                    throw Problems.invalid("headers", "header names must be HTTP tokens (no spaces, CR, LF or ':')");
                }
                if (value == null || value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                    throw Problems.invalid("headers." + name, "must be present and must not contain CR, LF or NUL");
                }
                if (!HEADER_VALUE.matcher(value).matches()) {
                    // HTTP/1.1 carries header values as ISO-8859-1 bytes: anything else cannot be sent as written.
                    throw Problems.invalid("headers." + name, "must be at most 8192 visible ISO-8859-1 characters, spaces or tabs");
                }
            });
        }
        if (r.query() != null && r.query().keySet().stream().anyMatch(k -> k == null || k.isEmpty())) {
            throw Problems.invalid("query", "parameter names must not be empty");
        }
        boundedLength(r.url(), url, r.query());
        if (r.headers() != null && r.headers().entrySet().stream()
                .mapToLong(h -> h.getKey().length() + h.getValue().length() + 4L).sum() > MAX_TARGET) {
            throw Problems.invalid("headers", "must be at most " + MAX_TARGET + " characters in all");
        }
        Buffer body = null;
        String contentType = null;
        JsonNode b = r.body();
        if (b != null && !b.isNull() && !b.isMissingNode()) {
            if (b.isTextual()) {
                body = Buffer.buffer(b.textValue().getBytes(StandardCharsets.UTF_8));
            } else {
                body = Buffer.buffer(b.toString().getBytes(StandardCharsets.UTF_8));
                contentType = MediaType.APPLICATION_JSON;
            }
        }
        return new FunctionExecutor.Call(r.orgId(), r.userId(), r.solutionId(), r.tokenReference(), grant, r.method(), url,
                r.headers(), r.query(), body, contentType, correlationId);
    }

    private static void requireId(String field, String value) {
        if (value == null || value.isBlank()) {
            throw Problems.invalid(field, "is required");
        }
        optionalId(field, value);
    }

    private static void optionalId(String field, String value) {
        if (value != null && (value.length() > MAX_ID || value.chars().anyMatch(Character::isISOControl)
                || Ids.hasLoneSurrogate(value))) {
            throw Problems.invalid(field, "must be at most " + MAX_ID + " characters of valid Unicode without control characters");
        }
    }
}
