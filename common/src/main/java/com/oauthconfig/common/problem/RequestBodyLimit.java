package com.oauthconfig.common.problem;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Map;

/**
 * Bounds every request body at {@code platform-http.max-body-bytes} and answers 413 problem+json
 * past it, on every service. A declared length is judged before anything is read; a body sent
 * without one (chunked) is counted while it is read and refused as soon as it passes the limit, so
 * nobody can make a service buffer more than the limit. It runs before Quarkus' own upload limit
 * (the transport cap, {@code quarkus.http.limits.max-body-size}), which answers a bare 413.
 */
@ApplicationScoped
public class RequestBodyLimit {

    private final long maxBytes;
    private final Handler<RoutingContext> boundedReader;

    public RequestBodyLimit(@ConfigProperty(name = "platform-http.max-body-bytes", defaultValue = "65536") long maxBytes) {
        this.maxBytes = maxBytes;
        this.boundedReader = BodyHandler.create(false).setBodyLimit(maxBytes);
    }

    void install(@Observes Router router) {
        int order = RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1;
        router.route().order(order).handler(this::limit);
        // The bounded reader fails the request with 413 when a chunked body passes the limit.
        router.route().order(order).failureHandler(failed -> {
            if (failed.statusCode() == 413 && !failed.response().headWritten()) {
                refuse(failed);
            } else {
                failed.next();
            }
        });
    }

    private void limit(RoutingContext context) {
        HttpServerRequest request = context.request();
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                ProblemMapper.end(context, ProblemType.MALFORMED, "Content-Length is not a number", Map.of());
                return;
            }
            if (declared > maxBytes) {
                refuse(context);
            } else {
                context.next();
            }
            return;
        }
        String transferEncoding = request.getHeader(HttpHeaders.TRANSFER_ENCODING);
        if (transferEncoding != null && transferEncoding.toLowerCase().contains("chunked")) {
            boundedReader.handle(context);
        } else {
            context.next();
        }
    }

    private void refuse(RoutingContext context) {
        // The rest of an oversized body is not read: the connection is closed after the answer.
        context.response().putHeader(HttpHeaders.CONNECTION, "close");
        ProblemMapper.end(context, ProblemType.PAYLOAD_TOO_LARGE, "the body must be at most " + maxBytes + " bytes", Map.of());
    }

}
