package com.oauthconfig.config.service;

import com.oauthconfig.common.signin.LoginHintTemplate;

import com.oauthconfig.common.egress.HostResolver;
import com.oauthconfig.common.egress.PrivateAddressPolicy;
import com.oauthconfig.common.problem.FieldError;
import com.oauthconfig.common.problem.Problems;
import com.oauthconfig.config.repository.ProviderType;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules a configuration must satisfy before it is stored. Plain Java (no CDI, no I/O except
 * the injected {@link HostResolver}), so it is tested case by case. Every broken rule is
 * reported at once, each naming its field.
 *
 * <p>Provider facts the type rules encode:
 * <ul>
 * <li>GRAPH (Microsoft Entra ID): the authority is per tenant, so a {@code tenantId} (GUID,
 * verified domain, or {@code common}/{@code organizations}/{@code consumers}) is required. On a
 * Microsoft authority host the issuer is {@code https://<host>/<tenant>/v2.0} and the endpoints
 * are {@code /<tenant>/oauth2/v2.0/authorize|token}. Multi-tenant authorities publish a templated
 * issuer ({@code {tenantid}}) that never equals a configured one, so they need endpoints, not an
 * issuer. Entra takes the API in the scope ({@code https://graph.microsoft.com/.default}), not an audience.</li>
 * <li>OKTA: always has discovery, so the issuer is required: the org authorization server
 * {@code https://<okta domain>} or a custom one {@code https://<okta domain>/oauth2/<id>}, without a
 * trailing slash (Okta's {@code iss} has none). The audience is set on Okta's authorization server.</li>
 * <li>AUTH0: access tokens for an API need the API identifier as {@code audience} (without it Auth0
 * issues an opaque token usable only at /userinfo), so it is required. Auth0's issuer ends with "/".</li>
 * <li>OPENID: an OpenID Connect provider needs the {@code openid} scope, and without an issuer
 * (discovery) a {@code jwks} endpoint to verify ID tokens.</li>
 * </ul>
 */
public final class OAuthConfigRules {

    public static final int MAX_URL = 2048;
    static final Pattern TITLE = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*(\\.[A-Za-z][A-Za-z0-9_-]*)*");
    static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");
    static final Pattern VSCHAR = Pattern.compile("[\\x20-\\x7E]+");
    static final Pattern SCHEME = Pattern.compile("[a-z][a-z0-9+.-]*");
    static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    static final Pattern API_HOST = Pattern.compile("(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*(:[0-9]{1,5})?");
    static final Pattern OKTA_ISSUER_PATH = Pattern.compile("(/oauth2/[A-Za-z0-9]+)?");
    /** Schemes that can never be an app's redirect target (or that would run code). */
    static final Set<String> FORBIDDEN_REDIRECT_SCHEMES = Set.of("http", "javascript", "data", "file", "vbscript",
            "about", "blob", "ftp", "ws", "wss", "mailto", "tel", "sms", "intent", "content", "filesystem");
    /** Hosts an http redirect URL may name while private endpoints are allowed (dev/test). */
    static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");
    static final Set<String> MICROSOFT_AUTHORITIES = Set.of("login.microsoftonline.com", "login.microsoftonline.us",
            "login.chinacloudapi.cn", "login.partner.microsoftonline.cn");
    static final Set<String> ENTRA_MULTI_TENANT = Set.of("common", "organizations", "consumers");

    private final boolean allowPrivateEndpoints;
    private final HostResolver resolver;

    public OAuthConfigRules(boolean allowPrivateEndpoints, HostResolver resolver) {
        this.allowPrivateEndpoints = allowPrivateEndpoints;
        this.resolver = resolver;
    }

    /**
     * Checks the draft against the organisation's registered domains and returns it normalised
     * (defaults applied, domains lower case). Throws a 400 problem listing every broken rule.
     */
    public ConfigDraft validate(ConfigDraft d, Set<String> orgDomains, SecretChange secret) {
        List<FieldError> errors = new ArrayList<>();
        ConfigDraft.Endpoints ep = d.endpoints() == null ? ConfigDraft.Endpoints.NONE : d.endpoints();

        text(errors, "name", d.name(), true, 100);
        if (text(errors, "title", d.title(), true, 128) && !TITLE.matcher(d.title()).matches()) {
            errors.add(new FieldError("title", "must be dot-separated identifiers (letters, digits, '_' or '-', each starting with a letter), e.g. acme.oauth.token"));
        }
        if (d.type() == null) {
            errors.add(new FieldError("type", "is required (one of GRAPH, OKTA, OPENID, AUTH0)"));
        }
        if (d.imageUrl() != null) {
            httpsUrl(errors, "imageUrl", d.imageUrl());
        }
        if (text(errors, "loginHint", d.loginHint(), false, LoginHintTemplate.MAX_LENGTH)) {
            // A template the token-service fills from the user's platform token when a sign-in starts.
            LoginHintTemplate.problem(d.loginHint()).ifPresent(rule -> errors.add(new FieldError("loginHint", rule)));
        }
        List<String> domains = domains(errors, d.domains(), orgDomains);
        List<String> redirects = redirectUrls(errors, d.redirectUrls(), allowPrivateEndpoints);
        if (d.clientId() != null && text(errors, "clientId", d.clientId(), false, 256) && !VSCHAR.matcher(d.clientId()).matches()) {
            errors.add(new FieldError("clientId", "must be printable ASCII"));
        }
        if (secret.kind() == SecretChange.Kind.SET) {
            String s = secret.value();
            if (s.isEmpty() || s.length() > 1024 || !VSCHAR.matcher(s).matches()) {
                // The rule only, never the value.
                errors.add(new FieldError("clientSecret", "must be 1-1024 printable ASCII characters"));
            }
        }
        boolean issuerOk = d.issuer() != null && providerUrl(errors, "issuer", d.issuer(), true);
        providerUrl(errors, "endpoints.authorization", ep.authorization(), false);
        providerUrl(errors, "endpoints.token", ep.token(), false);
        providerUrl(errors, "endpoints.userinfo", ep.userinfo(), false);
        providerUrl(errors, "endpoints.jwks", ep.jwks(), false);
        providerUrl(errors, "endpoints.revocation", ep.revocation(), false);
        providerUrl(errors, "endpoints.endSession", ep.endSession(), false);
        if (d.issuer() == null) {
            if (ep.authorization() == null) {
                errors.add(new FieldError("endpoints.authorization", "is required when no issuer is given"));
            }
            if (ep.token() == null) {
                errors.add(new FieldError("endpoints.token", "is required when no issuer is given"));
            }
        }
        List<String> scopes = scopes(errors, d.scopes());
        List<String> apiHosts = apiHosts(errors, d.apiHosts());
        if (d.audience() != null) {
            text(errors, "audience", d.audience(), false, 512);
        }
        boolean sso = Boolean.TRUE.equals(d.ssoEnabled());
        if (sso) {
            if (domains.isEmpty()) {
                errors.add(new FieldError("domains", "at least one domain (or '*') is required when ssoEnabled is true"));
            }
            if (!scopes.contains("openid")) {
                errors.add(new FieldError("scopes", "must contain 'openid' when ssoEnabled is true (sign-in needs an ID token)"));
            }
            if (d.issuer() == null) {
                // The ID token names the person; only an issuer holds it to one provider (a multi-tenant authority cannot).
                errors.add(new FieldError("issuer", "is required when ssoEnabled is true (the sign-in's ID token is checked against it)"));
            }
        }
        boolean emailAuthoritative = Boolean.TRUE.equals(d.ssoEmailAuthoritative());
        if (emailAuthoritative) {
            emailAuthority(errors, sso, domains);
        }
        if (d.type() != null) {
            typeRules(errors, d, ep, scopes, issuerOk);
        }
        if (!errors.isEmpty()) {
            throw Problems.invalid(errors);
        }
        return new ConfigDraft(d.name(), d.title(), d.type(), d.imageUrl(), d.loginHint(), domains, redirects,
                d.clientId(), d.issuer(), ep, d.usePkce() == null || d.usePkce(), d.useNonce() == null || d.useNonce(),
                scopes, sso, apiHosts, d.audience(), d.tenantId(), emailAuthoritative);
    }

    /**
     * The organisation vouches that its provider owns the e-mail addresses it signs in, so a sign-in
     * without {@code email_verified} is admitted. That vouching only stands for the organisation's own
     * registered domains: with {@code *} or a {@code *.} pattern the provider could assert any address
     * (or any subdomain's) as verified.
     */
    private static void emailAuthority(List<FieldError> errors, boolean sso, List<String> domains) {
        if (!sso) {
            errors.add(new FieldError("ssoEmailAuthoritative", "is allowed only when ssoEnabled is true"));
        }
        if (domains.stream().anyMatch(e -> DomainPatterns.ANY.equals(e) || DomainPatterns.isWildcard(e))) {
            errors.add(new FieldError("ssoEmailAuthoritative", "is allowed only when domains lists exact registered "
                    + "domains of the organisation, no '*' or '*.' pattern (the provider is authoritative only for the organisation's own domains)"));
        }
    }

    private void typeRules(List<FieldError> errors, ConfigDraft d, ConfigDraft.Endpoints ep, List<String> scopes, boolean issuerOk) {
        ProviderType type = d.type();
        if (type != ProviderType.GRAPH && d.tenantId() != null) {
            errors.add(new FieldError("tenantId", "applies only to type GRAPH"));
        }
        switch (type) {
            case GRAPH -> {
                if (d.audience() != null) {
                    errors.add(new FieldError("audience", "does not apply to GRAPH: Entra ID takes the API in the scope, e.g. https://graph.microsoft.com/.default"));
                }
                String tenant = d.tenantId();
                if (tenant == null) {
                    errors.add(new FieldError("tenantId", "is required for GRAPH (directory GUID, verified domain, or common/organizations/consumers)"));
                    return;
                }
                if (!GUID.matcher(tenant).matches() && !DomainPatterns.isDomainName(tenant.toLowerCase(Locale.ROOT))
                        && !ENTRA_MULTI_TENANT.contains(tenant)) {
                    errors.add(new FieldError("tenantId", "must be a directory GUID, a verified domain, or one of common, organizations, consumers"));
                    return;
                }
                if (ENTRA_MULTI_TENANT.contains(tenant) && d.issuer() != null) {
                    errors.add(new FieldError("issuer", "must be omitted for the multi-tenant authority '" + tenant
                            + "' (its discovery issuer is a template); give endpoints.authorization and endpoints.token instead"));
                    return;
                }
                if (issuerOk) {
                    URI u = URI.create(d.issuer());
                    if (MICROSOFT_AUTHORITIES.contains(u.getHost().toLowerCase(Locale.ROOT))
                            && !("/" + tenant + "/v2.0").equalsIgnoreCase(u.getPath())) {
                        errors.add(new FieldError("issuer", "must be https://" + u.getHost() + "/" + tenant + "/v2.0 for tenant " + tenant));
                    }
                }
                entraEndpoint(errors, "endpoints.authorization", ep.authorization(), tenant, "/oauth2/v2.0/authorize");
                entraEndpoint(errors, "endpoints.token", ep.token(), tenant, "/oauth2/v2.0/token");
            }
            case OKTA -> {
                if (d.issuer() == null) {
                    errors.add(new FieldError("issuer", "is required for OKTA (https://<okta domain> or https://<okta domain>/oauth2/<authorization server id>)"));
                } else if (issuerOk && !OKTA_ISSUER_PATH.matcher(URI.create(d.issuer()).getRawPath()).matches()) {
                    errors.add(new FieldError("issuer", "must be https://<okta domain> or https://<okta domain>/oauth2/<authorization server id>, without a trailing slash"));
                }
                if (d.audience() != null) {
                    errors.add(new FieldError("audience", "does not apply to OKTA: the audience is set on Okta's authorization server"));
                }
            }
            case AUTH0 -> {
                if (d.audience() == null || d.audience().isBlank()) {
                    errors.add(new FieldError("audience", "is required for AUTH0 (the API identifier; without it Auth0 issues no API access token)"));
                }
                if (issuerOk && !d.issuer().endsWith("/")) {
                    errors.add(new FieldError("issuer", "must end with '/' for AUTH0 (e.g. https://<tenant>.auth0.com/), as in Auth0's tokens"));
                }
            }
            case OPENID -> {
                if (!scopes.contains("openid")) {
                    errors.add(new FieldError("scopes", "must contain 'openid' for OPENID"));
                }
                if (d.issuer() == null && ep.jwks() == null) {
                    errors.add(new FieldError("endpoints.jwks", "is required for OPENID when no issuer is given (to verify ID tokens)"));
                }
            }
            default -> throw new IllegalStateException("unknown type " + type);
        }
    }

    private static void entraEndpoint(List<FieldError> errors, String field, String url, String tenant, String suffix) {
        if (url == null) {
            return;
        }
        try {
            URI u = new URI(url);
            if (u.getHost() != null && MICROSOFT_AUTHORITIES.contains(u.getHost().toLowerCase(Locale.ROOT))
                    && !("/" + tenant + suffix).equalsIgnoreCase(u.getPath())) {
                errors.add(new FieldError(field, "must be https://" + u.getHost() + "/" + tenant + suffix + " for tenant " + tenant));
            }
        } catch (URISyntaxException ignored) {
            // already reported by the URL rule
        }
    }

    /** Checks presence and length of a text field; true when present and usable for further rules. */
    private static boolean text(List<FieldError> errors, String field, String value, boolean required, int max) {
        if (value == null) {
            if (required) {
                errors.add(new FieldError(field, "is required"));
            }
            return false;
        }
        if (value.isBlank()) {
            errors.add(new FieldError(field, "must not be blank"));
            return false;
        }
        if (value.length() > max) {
            errors.add(new FieldError(field, "must be at most " + max + " characters"));
            return false;
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            errors.add(new FieldError(field, "must not contain control characters"));
            return false;
        }
        return true;
    }

    private static Optional<URI> absolute(List<FieldError> errors, String field, String value) {
        if (value.isBlank() || value.length() > MAX_URL) {
            errors.add(new FieldError(field, "must be an absolute URL of at most " + MAX_URL + " characters"));
            return Optional.empty();
        }
        try {
            URI u = new URI(value);
            if (!u.isAbsolute()) {
                errors.add(new FieldError(field, "must be an absolute URL"));
                return Optional.empty();
            }
            if (u.getRawFragment() != null) {
                errors.add(new FieldError(field, "must not contain a fragment (#...)"));
                return Optional.empty();
            }
            if (u.getRawUserInfo() != null) {
                errors.add(new FieldError(field, "must not contain user information (user@)"));
                return Optional.empty();
            }
            return Optional.of(u);
        } catch (URISyntaxException e) {
            errors.add(new FieldError(field, "must be a valid absolute URL"));
            return Optional.empty();
        }
    }

    private static void httpsUrl(List<FieldError> errors, String field, String value) {
        absolute(errors, field, value).ifPresent(u -> {
            if (!"https".equalsIgnoreCase(u.getScheme()) || u.getHost() == null) {
                errors.add(new FieldError(field, "must be an https URL with a host"));
            }
        });
    }

    /**
     * An issuer or endpoint: https with a host (http only where private endpoints are allowed),
     * no fragment, no user info, the issuer also without a query; and not pointing at a
     * loopback, private, link-local or metadata address unless allowed.
     */
    private boolean providerUrl(List<FieldError> errors, String field, String value, boolean isIssuer) {
        if (value == null) {
            return false;
        }
        Optional<URI> parsed = absolute(errors, field, value);
        if (parsed.isEmpty()) {
            return false;
        }
        URI u = parsed.get();
        String scheme = u.getScheme().toLowerCase(Locale.ROOT);
        if (u.getHost() == null || !(scheme.equals("https") || (allowPrivateEndpoints && scheme.equals("http")))) {
            errors.add(new FieldError(field, allowPrivateEndpoints ? "must be an http(s) URL with a host" : "must be an https URL with a host"));
            return false;
        }
        if (isIssuer && u.getRawQuery() != null) {
            errors.add(new FieldError(field, "must not contain a query (RFC 8414)"));
            return false;
        }
        if (allowPrivateEndpoints) {
            return true;
        }
        String host = u.getHost().toLowerCase(Locale.ROOT);
        Optional<InetAddress> literal = PrivateAddressPolicy.literal(host);
        if (literal.isPresent()) {
            Optional<String> refusal = PrivateAddressPolicy.refusal(literal.get());
            refusal.ifPresent(r -> errors.add(new FieldError(field, "host " + r + "; only public addresses are allowed")));
            return refusal.isEmpty();
        }
        if (PrivateAddressPolicy.isForbiddenName(host) || !DomainPatterns.isDomainName(host)) {
            errors.add(new FieldError(field, "host must be a public DNS name or address"));
            return false;
        }
        List<InetAddress> addresses = resolver.resolve(host);
        if (addresses.isEmpty()) {
            errors.add(new FieldError(field, "host does not resolve"));
            return false;
        }
        for (InetAddress a : addresses) {
            Optional<String> refusal = PrivateAddressPolicy.refusal(a);
            if (refusal.isPresent()) {
                errors.add(new FieldError(field, "host resolves to an address that " + refusal.get() + "; only public addresses are allowed"));
                return false;
            }
        }
        return true;
    }

    private static List<String> domains(List<FieldError> errors, List<String> given, Set<String> orgDomains) {
        if (given == null) {
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < given.size(); i++) {
            String field = "domains[" + i + "]";
            String raw = given.get(i);
            if (raw == null || raw.isBlank()) {
                errors.add(new FieldError(field, "must not be empty"));
                continue;
            }
            String e = raw.trim().toLowerCase(Locale.ROOT);
            if (!out.add(e)) {
                errors.add(new FieldError(field, "is listed twice"));
                continue;
            }
            if (DomainPatterns.ANY.equals(e)) {
                continue;
            }
            if (DomainPatterns.isWildcard(e)) {
                String base = e.substring(2);
                if (!DomainPatterns.isDomainName(base)) {
                    errors.add(new FieldError(field, "must be '*', a registered domain, or '*.' followed by a registered domain or one of its subdomains"));
                } else if (!DomainPatterns.coveredBy(base, orgDomains)) {
                    errors.add(new FieldError(field, "'" + base + "' is not a registered domain of the organisation (or a subdomain of one); contact support to add it"));
                }
                continue;
            }
            if (!DomainPatterns.isDomainName(e)) {
                errors.add(new FieldError(field, "must be '*', a registered domain, or '*.' followed by a registered domain or one of its subdomains"));
            } else if (!orgDomains.contains(e)) {
                errors.add(new FieldError(field, "'" + e + "' is not a registered domain of the organisation; contact support to add it"));
            }
        }
        if (given.size() > 100) {
            errors.add(new FieldError("domains", "must have at most 100 entries"));
        }
        return List.copyOf(out);
    }

    private static List<String> redirectUrls(List<FieldError> errors, List<String> given, boolean allowLoopbackHttp) {
        if (given == null || given.isEmpty()) {
            errors.add(new FieldError("redirectUrls", "at least one redirect URL is required"));
            return List.of();
        }
        if (given.size() > 20) {
            errors.add(new FieldError("redirectUrls", "must have at most 20 entries"));
        }
        Set<String> seen = new HashSet<>();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            String field = "redirectUrls[" + i + "]";
            String value = given.get(i);
            if (value == null) {
                errors.add(new FieldError(field, "must not be null"));
                continue;
            }
            if (!seen.add(value)) {
                errors.add(new FieldError(field, "is listed twice"));
                continue;
            }
            Optional<URI> parsed = absolute(errors, field, value);
            if (parsed.isEmpty()) {
                continue;
            }
            URI u = parsed.get();
            String scheme = u.getScheme().toLowerCase(Locale.ROOT);
            if (scheme.equals("https")) {
                if (u.getHost() == null) {
                    errors.add(new FieldError(field, "an https redirect URL needs a host"));
                    continue;
                }
            } else if (scheme.equals("http") && allowLoopbackHttp && LOOPBACK_HOSTS.contains(String.valueOf(u.getHost()))) {
                // Dev/test only (allow-private-endpoints): a service on this machine without TLS, e.g. the
                // local stack's token-service SSO callback. Production refuses http whatever the host.
            } else if (FORBIDDEN_REDIRECT_SCHEMES.contains(scheme) || !SCHEME.matcher(scheme).matches()) {
                errors.add(new FieldError(field, "must use https or an app's custom scheme (e.g. com.example.app:/callback)"));
                continue;
            }
            out.add(value);
        }
        return out;
    }

    private static List<String> scopes(List<FieldError> errors, List<String> given) {
        if (given == null || given.isEmpty()) {
            // RFC 9700 / checklist: scopes are explicit, never implied.
            errors.add(new FieldError("scopes", "at least one scope is required"));
            return List.of();
        }
        if (given.size() > 50) {
            errors.add(new FieldError("scopes", "must have at most 50 entries"));
        }
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < given.size(); i++) {
            String s = given.get(i);
            String field = "scopes[" + i + "]";
            if (s == null || s.isEmpty() || s.length() > 256 || !SCOPE.matcher(s).matches()) {
                errors.add(new FieldError(field, "must be a scope token (RFC 6749: printable ASCII without spaces, '\"' or '\\')"));
            } else if (!out.add(s)) {
                errors.add(new FieldError(field, "is listed twice"));
            }
        }
        return List.copyOf(out);
    }

    private static List<String> apiHosts(List<FieldError> errors, List<String> given) {
        if (given == null) {
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < given.size(); i++) {
            String field = "apiHosts[" + i + "]";
            String raw = given.get(i);
            String h = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
            if (h.isEmpty() || h.length() > 260 || !API_HOST.matcher(h).matches()) {
                errors.add(new FieldError(field, "must be a host name (optionally '*.' prefixed, optionally with :port), no scheme or path"));
            } else if (!out.add(h)) {
                errors.add(new FieldError(field, "is listed twice"));
            }
        }
        if (given.size() > 50) {
            errors.add(new FieldError("apiHosts", "must have at most 50 entries"));
        }
        return List.copyOf(out);
    }
}
