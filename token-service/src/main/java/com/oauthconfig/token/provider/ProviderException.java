package com.oauthconfig.token.provider;

/**
 * A provider exchange failed. {@link #kind()} names how (timeout, 5xx, garbage, connection lost…);
 * {@link #transientFailure()} tells a provider-side failure (which counts towards the circuit
 * breaker and leaves the stored refresh token alone) from a definitive answer such as
 * {@code invalid_grant}. The message names the provider endpoint and OAuth error code only,
 * never a token or secret.
 */
public class ProviderException extends RuntimeException {

    /** How a provider exchange failed; the stable code callers see as {@link #reasonCode()}. */
    public enum Kind {
        /** No (complete) answer within {@code provider.timeout}. */
        TIMEOUT(true, true),
        /** The provider answered 5xx or 429. */
        ERROR_STATUS(true, true),
        /** The connection was refused, or the host did not resolve. */
        UNREACHABLE(true, true),
        /** The connection was closed or reset before a complete answer. */
        CONNECTION_CLOSED(true, true),
        /**
         * A 2xx answer that is not a usable token response: not JSON, truncated, without
         * access_token, members of the wrong type, or over {@code provider.max-response-bytes}.
         * Not retried: an answer did arrive (and may have consumed a rotating refresh token);
         * the same garbage would most likely come again.
         */
        BAD_RESPONSE(true, false),
        /** The provider's circuit breaker is open: no call was made. */
        CIRCUIT_OPEN(true, false),
        /** A definitive refusal (4xx, an OAuth error) or a URL this service will not call. */
        REFUSED(false, false);

        private final boolean providerFailure;
        private final boolean retryable;

        Kind(boolean providerFailure, boolean retryable) {
            this.providerFailure = providerFailure;
            this.retryable = retryable;
        }
    }

    private final Kind kind;
    private final String oauthError;
    private final int status;

    public ProviderException(String message, Kind kind, String oauthError, int status) {
        super(message, null, false, false);
        this.kind = kind;
        this.oauthError = oauthError;
        this.status = status;
    }

    /** {@code transientFailure} true: a 5xx/429-like failure ({@link Kind#ERROR_STATUS}); false: {@link Kind#REFUSED}. */
    public ProviderException(String message, boolean transientFailure, String oauthError, int status) {
        this(message, transientFailure ? Kind.ERROR_STATUS : Kind.REFUSED, oauthError, status);
    }

    /** Classifies a transport failure; the message keeps the exception's simple class name only. */
    public static ProviderException unreachable(String what, Throwable cause) {
        Kind kind;
        if (cause instanceof java.util.concurrent.TimeoutException || cause instanceof io.smallrye.mutiny.TimeoutException) {
            kind = Kind.TIMEOUT;
        } else if (cause instanceof java.net.ConnectException || cause instanceof java.net.UnknownHostException) {
            kind = Kind.UNREACHABLE;
        } else {
            // HttpClosedException, "Connection was closed", connection reset, a truncated chunked body…
            kind = Kind.CONNECTION_CLOSED;
        }
        String how = switch (kind) {
            case TIMEOUT -> " did not answer in time";
            case UNREACHABLE -> " unreachable";
            default -> " closed the connection";
        };
        return new ProviderException(what + how + ": " + cause.getClass().getSimpleName(), kind, null, 0);
    }

    public Kind kind() {
        return kind;
    }

    /** A failure of the provider (not a refusal): the refresh token is kept and the breaker counts it. */
    public boolean transientFailure() {
        return kind.providerFailure;
    }

    /** Worth another attempt within the same request (with backoff). */
    public boolean retryable() {
        return kind.retryable;
    }

    /** The stable code of this failure for callers, e.g. {@code PROVIDER_TIMEOUT}. */
    public String reasonCode() {
        return "PROVIDER_" + kind.name();
    }

    /** The OAuth {@code error} code the provider answered, when it did. */
    public String oauthError() {
        return oauthError;
    }

    public int status() {
        return status;
    }

    public boolean invalidGrant() {
        return "invalid_grant".equals(oauthError);
    }
}
