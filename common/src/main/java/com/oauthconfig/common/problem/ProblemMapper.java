package com.oauthconfig.common.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.oauthconfig.common.ratelimit.RateLimitedException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The one place every failure becomes RFC 9457 problem+json. Unexpected exceptions become a
 * bare 500 with an incident id: their message and stack trace are logged, never returned,
 * because they may carry internals.
 */
public class ProblemMapper {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        Response problem = render(e.type(), e.getMessage(), e.errors(), e.extensions());
        if (e instanceof RateLimitedException limited) {
            return Response.fromResponse(problem).header("Retry-After", Long.toString(limited.retryAfterSeconds())).build();
        }
        return problem;
    }

    @ServerExceptionMapper
    public Response unrecognized(UnrecognizedPropertyException e) {
        String field = path(e);
        return render(ProblemType.VALIDATION, field + ": unknown field",
                List.of(new FieldError(field, "unknown field")), Map.of());
    }

    @ServerExceptionMapper
    public Response invalidFormat(InvalidFormatException e) {
        String field = path(e);
        String expected = e.getTargetType() == null ? "another type" : describe(e.getTargetType());
        return render(ProblemType.VALIDATION, field + ": must be " + expected,
                List.of(new FieldError(field, "must be " + expected)), Map.of());
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        String field = path(e);
        if (field.isEmpty()) {
            return render(ProblemType.MALFORMED, "the body must be a JSON object", List.of(), Map.of());
        }
        String expected = e.getTargetType() == null ? "another type" : describe(e.getTargetType());
        return render(ProblemType.VALIDATION, field + ": must be " + expected,
                List.of(new FieldError(field, "must be " + expected)), Map.of());
    }

    @ServerExceptionMapper
    public Response malformed(JsonParseException e) {
        return render(ProblemType.MALFORMED, "the body is not well-formed JSON at line "
                + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr(), List.of(), Map.of());
    }

    @ServerExceptionMapper
    public Response otherJson(JsonProcessingException e) {
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            String field = path(m);
            return render(ProblemType.VALIDATION, field + ": cannot be read", List.of(new FieldError(field, "cannot be read")), Map.of());
        }
        return render(ProblemType.MALFORMED, "the body cannot be read as JSON", List.of(), Map.of());
    }

    @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
    public Response unauthenticated() {
        return Response.fromResponse(render(ProblemType.UNAUTHENTICATED,
                        "the bearer token is missing, expired or not valid for this service", List.of(), Map.of()))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return render(ProblemType.FORBIDDEN, "your role does not allow this", List.of(), Map.of());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        ProblemType type = switch (status) {
            case 400 -> ProblemType.MALFORMED;
            case 401 -> ProblemType.UNAUTHENTICATED;
            case 403 -> ProblemType.FORBIDDEN;
            case 404 -> ProblemType.NOT_FOUND;
            case 405 -> ProblemType.METHOD_NOT_ALLOWED;
            case 406 -> ProblemType.NOT_ACCEPTABLE;
            case 413 -> ProblemType.PAYLOAD_TOO_LARGE;
            case 415 -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
            default -> status >= 500 ? ProblemType.INTERNAL : new ProblemType("http-" + status, status, "Request failed");
        };
        if (status >= 500) {
            return unexpected(e);
        }
        return render(type, type.title(), List.of(), Map.of());
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        String incident = UUID.randomUUID().toString();
        LOG.errorf("unexpected failure, incident %s: %s", incident, redacted(e));
        return render(ProblemType.INTERNAL, "an unexpected error occurred; quote incident " + incident,
                List.of(), Map.of("incident", incident));
    }

    /** Builds the problem+json response; services may call it directly where no exception is thrown. */
    public static Response render(ProblemType type, String detail, List<FieldError> errors, Map<String, Object> extensions) {
        return Response.status(type.status()).type(MEDIA_TYPE).entity(body(type, detail, errors, extensions)).build();
    }

    /**
     * Answers a problem+json below JAX-RS, from a Vert.x route that runs before the resource layer
     * (request-body limit, rate limits): the same document {@link #render} builds.
     */
    public static void end(RoutingContext context, ProblemType type, String detail, Map<String, Object> extensions) {
        context.response().setStatusCode(type.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, MEDIA_TYPE)
                .end(Json.encode(body(type, detail, List.of(), extensions)));
    }

    /** The problem document itself, for answers written below JAX-RS (see {@link RequestBodyLimit}). */
    private static Map<String, Object> body(ProblemType type, String detail, List<FieldError> errors, Map<String, Object> extensions) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type.uri());
        body.put("title", type.title());
        body.put("status", type.status());
        body.put("detail", detail);
        if (!errors.isEmpty()) {
            body.put("errors", errors);
        }
        extensions.forEach(body::putIfAbsent);
        return body;
    }

    /**
     * Exception types and stack frames, without messages: an unexpected exception's message may
     * quote a request or a secret, and logs must never hold one.
     */
    static String redacted(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            b.append(t == e ? "" : " caused by ").append(t.getClass().getName());
            StackTraceElement[] frames = t.getStackTrace();
            for (int i = 0; i < Math.min(8, frames.length); i++) {
                b.append("\n\tat ").append(frames[i]);
            }
        }
        return b.toString();
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String describe(Class<?> type) {
        if (type.isEnum()) {
            Object[] values = type.getEnumConstants();
            return "one of " + java.util.Arrays.stream(values).map(Object::toString).collect(Collectors.joining(", "));
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (type == String.class) {
            return "a string";
        }
        return "an object";
    }
}
