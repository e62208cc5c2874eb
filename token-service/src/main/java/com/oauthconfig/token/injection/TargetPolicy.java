package com.oauthconfig.token.injection;

import com.oauthconfig.common.problem.Problems;
import com.oauthconfig.token.config.TokenServiceConfig;
import com.oauthconfig.common.egress.EgressAddresses;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.oauthconfig.contracts.config.InternalOAuthConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Where a function's token may go (security checklist, Injection): https only, no credentials in
 * the URL, no loopback/private/link-local/metadata address (literal or after DNS resolution)
 * unless {@code allow-private-targets}, and, when the config lists {@code apiHosts}, only those
 * hosts. The call connects to the address judged here (see {@link Checked}) and redirects are never
 * followed (see {@link FunctionExecutor}), so the host checked here is the only host that ever
 * receives the token.
 */
@ApplicationScoped
public class TargetPolicy {

    static final int MAX_REMEMBERED_URL = 512;

    /**
     * Function URLs parsed before and their URI: an app calls the same few, and parsing one was 3 %
     * of a resolve. Only URLs of up to {@link #MAX_REMEMBERED_URL} characters are kept, so the
     * cache stays well under a megabyte whatever callers send.
     */
    private final Cache<String, URI> parsed = Caffeine.newBuilder().maximumSize(1024).build();
    private final TokenServiceConfig settings;
    private final EgressAddresses egress;

    public TargetPolicy(TokenServiceConfig settings, EgressAddresses egress) {
        this.settings = settings;
        this.egress = egress;
    }

    /** Parses the function URL; a malformed one is bad input (400 naming {@code url}). */
    public URI parse(String url) {
        if (url == null || url.isBlank()) {
            throw Problems.invalid("url", "is required");
        }
        URI known = parsed.getIfPresent(url);
        if (known != null) {
            return known;
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw Problems.invalid("url", "must be an absolute http or https URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
            throw Problems.invalid("url", "must be an absolute http or https URL");
        }
        if (uri.getRawUserInfo() == null && url.length() <= MAX_REMEMBERED_URL) {
            // A URL carrying credentials is refused later and not kept even in memory; a long one is not worth keeping.
            parsed.put(url, uri);
        }
        return uri;
    }

    /**
     * A checked target: the URL, and the address the call must connect to (null when private
     * targets are allowed, in development and tests: then the HTTP client resolves the name itself).
     */
    public record Checked(URI uri, InetAddress address) {
    }

    /**
     * Rules that need no config: scheme, credentials in the URL, and unless
     * {@code allow-private-targets} common's private-address rule, the name resolved once (on a
     * worker thread) and the call pinned to the address that was judged.
     */
    public Uni<Checked> checkAddress(URI uri) {
        if (!"https".equalsIgnoreCase(uri.getScheme()) && !settings.allowHttpTargets()) {
            return refused("Calls to this address must use a secure connection.");
        }
        if (uri.getRawUserInfo() != null) {
            return refused("This address is not allowed.");
        }
        if (settings.allowPrivateTargets()) {
            return Uni.createFrom().item(new Checked(uri, null));
        }
        return egress.pin(uri.getHost())
                .map(address -> new Checked(uri, address))
                .onFailure(EgressAddresses.RefusedException.class).transform(f -> notAllowed("This address is not allowed."))
                .onFailure(UnknownHostException.class).transform(f -> FunctionCallException.of(FunctionError.UpstreamUnreachableError,
                        "The service this app calls could not be found."));
    }

    /** When the config restricts its hosts, the target must be one of them. */
    public void checkApiHosts(URI uri, InternalOAuthConfig config) {
        List<String> allowed = config.apiHosts();
        if (allowed == null || allowed.isEmpty() || allowed.stream().anyMatch(h -> matches(h, uri))) {
            return;
        }
        throw notAllowed("This app may not use this account to call that address.");
    }

    /**
     * One apiHosts entry against the target: {@code host}, {@code host:port}, {@code *.domain}
     * (any subdomain, not the domain itself) or a URL whose host (and explicit port) count.
     */
    static boolean matches(String entry, URI target) {
        if (entry == null || entry.isBlank()) {
            return false;
        }
        String e = entry.trim().toLowerCase(Locale.ROOT);
        String host;
        int port = -1;
        try {
            URI parsed = URI.create(e.contains("://") ? e.replace("*.", "wildcard.") : "x://" + e.replace("*.", "wildcard."));
            host = parsed.getHost();
            port = parsed.getPort();
        } catch (IllegalArgumentException ex) {
            return false;
        }
        if (host == null) {
            return false;
        }
        String targetHost = target.getHost().toLowerCase(Locale.ROOT);
        boolean hostOk = host.startsWith("wildcard.")
                ? targetHost.endsWith(host.substring("wildcard".length()))
                : targetHost.equals(host);
        return hostOk && (port == -1 || port == EgressAddresses.port(target));
    }

    private static <T> Uni<T> refused(String message) {
        return Uni.createFrom().failure(notAllowed(message));
    }

    private static FunctionCallException notAllowed(String message) {
        return FunctionCallException.of(FunctionError.FunctionNotAllowedError, message);
    }
}
