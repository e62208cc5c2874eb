package com.oauthconfig.common.telemetry;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Puts a correlation id into the logging context (MDC) of each request; the caller's organisation
 * id is added by {@link com.oauthconfig.common.security.Caller} once the caller is authenticated
 * (reading the identity here would block: authentication is not proactive), a consumed event's by
 * the consumer; the trace and span ids by the OpenTelemetry extension. The correlation id
 * is the caller's {@code X-Correlation-Id} when it is a short token of safe characters (a header
 * is caller input: anything else could forge log fields), else a fresh one; it is echoed on the
 * response. Never a token, a secret or a user id.
 */
public class LogContextFilter {

    public static final String HEADER = "X-Correlation-Id";
    public static final String CORRELATION_ID = "correlationId";
    public static final String ORG_ID = "orgId";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    @ServerRequestFilter(preMatching = true, priority = 1)
    public void correlate(ContainerRequestContext request) {
        String given = request.getHeaderString(HEADER);
        String id = given != null && SAFE.matcher(given).matches() ? given : newId();
        MDC.put(CORRELATION_ID, id);
        request.setProperty(CORRELATION_ID, id);
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
        return inbound != null && SAFE.matcher(inbound).matches() ? inbound : newId();
    }

    /**
     * A new correlation id in the form of a random (version 4) UUID. It names a request in logs and
     * answers and guards nothing, so it comes from the thread's own generator rather than
     * {@link UUID#randomUUID()}'s SecureRandom, which every request without an id of its own paid for.
     */
    static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
        return new UUID(high, low).toString();
    }

    /** The organisation of the caller or of an event being consumed, for the logs written while it is handled. */
    public static void organisation(String orgId) {
        if (orgId != null && SAFE.matcher(orgId).matches()) {
            MDC.put(ORG_ID, orgId);
        } else {
            MDC.remove(ORG_ID);
        }
    }
}
