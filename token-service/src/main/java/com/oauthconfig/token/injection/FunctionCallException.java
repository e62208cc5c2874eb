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
    private final Connection connection;

    /**
     * What an OAuthCredentialsMissingError tells the app besides the reason: the config's display
     * name and image (what the Home Hub shows to sign in), the solution the call was for, and the
     * provider's OAuth error code of a declined sign-in. Each may be null.
     */
    public record Connection(String configName, String imageUrl, String solutionId, String providerError) {
        public static final Connection NONE = new Connection(null, null, null, null);
    }

    public FunctionCallException(FunctionError error, String reason, String message, String title, String signInUrl) {
        this(error, reason, message, title, signInUrl, null);
    }

    public FunctionCallException(FunctionError error, String reason, String message, String title, String signInUrl,
                                 String dependency) {
        this(error, reason, message, title, signInUrl, dependency, Connection.NONE);
    }

    public FunctionCallException(FunctionError error, String reason, String message, String title, String signInUrl,
                                 String dependency, Connection connection) {
        super(message, null, false, false);
        this.connection = connection;
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

    public Connection connection() {
        return connection;
    }
}
