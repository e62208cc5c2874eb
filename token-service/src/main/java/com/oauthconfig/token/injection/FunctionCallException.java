package com.oauthconfig.token.injection;

/**
 * A function call (or token resolution) that ends with one of the {@link FunctionError}s. The
 * message is shown to end users: plain language, never a token, a URL's query or a class name.
 */
public class FunctionCallException extends RuntimeException {

    private final FunctionError error;
    private final String reason;
    private final String title;
    private final String signInUrl;
    private final String dependency;

    public FunctionCallException(FunctionError error, String reason, String message, String title, String signInUrl) {
        this(error, reason, message, title, signInUrl, null);
    }

    public FunctionCallException(FunctionError error, String reason, String message, String title, String signInUrl,
                                 String dependency) {
        super(message, null, false, false);
        this.error = error;
        this.reason = reason;
        this.title = title;
        this.signInUrl = signInUrl;
        this.dependency = dependency;
    }

    public static FunctionCallException of(FunctionError error, String message) {
        return new FunctionCallException(error, null, message, null, null);
    }

    public FunctionError error() {
        return error;
    }

    /**
     * The stable cause code of an OAuthCredentialsMissingError, or how the provider failed for a
     * ProviderUnavailableError (PROVIDER_TIMEOUT…); null for the other errors.
     */
    public String reason() {
        return reason;
    }

    public String title() {
        return title;
    }

    public String signInUrl() {
        return signInUrl;
    }

    /** The platform dependency that failed (postgresql, config-service…) for a DependencyUnavailableError, when known. */
    public String dependency() {
        return dependency;
    }
}
