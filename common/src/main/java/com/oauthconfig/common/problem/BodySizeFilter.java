package com.oauthconfig.common.problem;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Refuses declared oversized bodies with a problem+json 413 before anything reads them. The
 * transport cap ({@code quarkus.http.limits.max-body-size}, higher, also bounding bodies sent without
 * a Content-Length) would answer a bare 413 or, over HTTP/2, a GOAWAY.
 */
public class BodySizeFilter {

    private final long maxBytes;

    public BodySizeFilter(@ConfigProperty(name = "platform-http.max-body-bytes", defaultValue = "65536") long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> limit(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return Optional.empty();
        }
        try {
            if (Long.parseLong(length.trim()) <= maxBytes) {
                return Optional.empty();
            }
        } catch (NumberFormatException e) {
            return Optional.of(ProblemMapper.render(ProblemType.MALFORMED, "Content-Length is not a number", List.of(), Map.of()));
        }
        return Optional.of(ProblemMapper.render(ProblemType.PAYLOAD_TOO_LARGE,
                "the body must be at most " + maxBytes + " bytes", List.of(), Map.of()));
    }
}
