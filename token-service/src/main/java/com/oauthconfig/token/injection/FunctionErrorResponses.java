package com.oauthconfig.token.injection;

import com.oauthconfig.common.telemetry.LogContextFilter;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a failed function call or token resolution into the catalogue's JSON answer
 * ({@link FunctionErrorResponse}) with its status, {@code Cache-Control: no-store} and the
 * correlation id. Anything that is not a {@link FunctionCallException} is a
 * {@code FunctionCallFailedError}, logged with the correlation id and its class name only.
 */
@ApplicationScoped
public class FunctionErrorResponses {

    private static final Logger LOG = Logger.getLogger(FunctionErrorResponses.class);

    private final ObjectMapper json;

    public FunctionErrorResponses(ObjectMapper json) {
        this.json = json;
    }

    /** For the streaming execute endpoint: the error as an upstream-shaped answer. */
    public UpstreamClient.Response streamed(Throwable f, String correlationId) {
        if (f instanceof FunctionCallException e) {
            LOG.debugf("function call %s: %s %s", correlationId, e.error(), e.reason() == null ? "" : e.reason());
        }
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body(f, correlationId));
        } catch (JsonProcessingException e) {
            bytes = "{\"error\":{\"name\":\"FunctionCallFailedError\"}}".getBytes(StandardCharsets.UTF_8);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Content-Type", List.of(MediaType.APPLICATION_JSON));
        headers.put("Cache-Control", List.of("no-store"));
        headers.put(LogContextFilter.HEADER, List.of(correlationId));
        return new UpstreamClient.Response(status(f), headers, Multi.createFrom().item(bytes));
    }

    /**
     * For the resolve endpoint: the error as a JSON response, in the endpoint's declared answer type.
     * The endpoint declares its success type so the JSON writer is chosen once at build time instead
     * of looked up per request; the writer serialises whatever entity the answer carries, so the
     * error body is written as a {@link FunctionErrorResponse}.
     */
    @SuppressWarnings("unchecked")
    public <T> RestResponse<T> response(Throwable f, String correlationId) {
        RestResponse<?> answer = RestResponse.ResponseBuilder.create(status(f)).type(MediaType.APPLICATION_JSON)
                .entity(body(f, correlationId))
                .header(LogContextFilter.HEADER, correlationId).header("Cache-Control", "no-store").build();
        return (RestResponse<T>) answer;
    }

    private static int status(Throwable f) {
        return f instanceof FunctionCallException e ? e.error().status() : FunctionError.FunctionCallFailedError.status();
    }

    private static FunctionErrorResponse body(Throwable f, String correlationId) {
        if (f instanceof FunctionCallException e) {
            FunctionCallException.Connection c = e.connection();
            return new FunctionErrorResponse(new FunctionErrorResponse.Body(e.error().name(), e.getMessage(), e.reason(),
                    correlationId, e.title(), e.signInUrl(), e.dependency(), c.configName(), c.imageUrl(), c.solutionId(),
                    c.providerError()));
        }
        LOG.errorf("function call %s failed unexpectedly: %s", correlationId, f.getClass().getName());
        return new FunctionErrorResponse(new FunctionErrorResponse.Body(FunctionError.FunctionCallFailedError.name(),
                "Something went wrong. Please try again.", null, correlationId, null, null, null, null, null, null, null));
    }
}
