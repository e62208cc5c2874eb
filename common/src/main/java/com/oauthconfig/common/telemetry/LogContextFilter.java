package com.oauthconfig.common.telemetry;

import com.oauthconfig.common.security.Caller;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Puts a correlation id and the caller's organisation id into the logging context (MDC) of each
 * request; the trace and span ids are added by the OpenTelemetry extension. The correlation id
 * is the caller's {@code X-Correlation-Id} when it is a short token of safe characters (a header
 * is caller input: anything else could forge log fields), else a fresh one; it is echoed on the
 * response. Never a token, a secret or a user id.
 */
public class LogContextFilter {

    public static final String HEADER = "X-Correlation-Id";
    public static final String CORRELATION_ID = "correlationId";
    public static final String ORG_ID = "orgId";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final Caller caller;

    public LogContextFilter(Caller caller) {
        this.caller = caller;
    }

    @ServerRequestFilter(preMatching = true, priority = 1)
    public void correlate(ContainerRequestContext request) {
        String given = request.getHeaderString(HEADER);
        String id = given != null && SAFE.matcher(given).matches() ? given : UUID.randomUUID().toString();
        MDC.put(CORRELATION_ID, id);
        request.setProperty(CORRELATION_ID, id);
    }

    /** After authentication: the organisation of a person's platform token (service tokens carry none). */
    @ServerRequestFilter
    public void organisation(ContainerRequestContext request) {
        caller.orgId().filter(SAFE.asPredicate()).ifPresentOrElse(org -> MDC.put(ORG_ID, org), () -> MDC.remove(ORG_ID));
    }

    @ServerResponseFilter
    public void echo(ContainerRequestContext request, ContainerResponseContext response) {
        Object id = request.getProperty(CORRELATION_ID);
        if (id != null) {
            response.getHeaders().putSingle(HEADER, id.toString());
        }
    }

    /**
     * This request's correlation id (what the logs and the response carry); outside a request, the
     * caller's value when it is safe, else a fresh one.
     */
    public static String correlationId(String inbound) {
        Object current = MDC.get(CORRELATION_ID);
        if (current != null) {
            return current.toString();
        }
        return inbound != null && SAFE.matcher(inbound).matches() ? inbound : UUID.randomUUID().toString();
    }

    /** The organisation of an event being consumed, for the logs written while it is applied. */
    public static void organisation(String orgId) {
        if (orgId != null && SAFE.matcher(orgId).matches()) {
            MDC.put(ORG_ID, orgId);
        } else {
            MDC.remove(ORG_ID);
        }
    }
}
