package com.oauthconfig.rig;

import com.nimbusds.jose.JOSEObjectType;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.MockWebServerWrapper;
import no.nav.security.mock.oauth2.http.Route;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import no.nav.security.mock.oauth2.token.RequestMapping;
import no.nav.security.mock.oauth2.token.RequestMappingTokenCallback;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real OpenID Connect provider (navikt mock-oauth2-server): discovery, JWKS, authorization code
 * with PKCE, refresh, client credentials and revocation, one issuer per path segment.
 *
 * <p>Issuer {@value #PLATFORM_ISSUER_ID} is the platform's own identity provider: it issues the
 * tokens callers present to the services, carrying {@value #ORG_CLAIM} and {@value #ROLES_CLAIM}.
 * Any other issuer id plays a third-party provider (Okta, Entra…) for the token-service.
 *
 * <p>A person signs in to a web application at the platform issuer with {@code prompt=login}: the
 * provider's form asks for a user name (the subject) and claims, e.g. {@code {"org_id":"acme","roles":["ADMIN"]}}.
 */
public final class OidcProvider implements AutoCloseable {

    public static final String PLATFORM_ISSUER_ID = "platform";
    public static final String PLATFORM_AUDIENCE = "oauth-platform";
    public static final String ORG_CLAIM = "org_id";
    public static final String ROLES_CLAIM = "roles";
    public static final String SERVICE_ROLE = "SERVICE";
    /** The platform's own staff organisation: only its tokens' SUPPORT role counts (platform-auth.staff-org-id). */
    public static final String STAFF_ORG = "platform-staff";
    /** Platform services: the three services and the app runtime that runs REST functions through the token-service. */
    public static final String SERVICE_CLIENTS = "config-service|token-service|credential-alias-service|function-runtime";

    private final Map<String, AtomicInteger> requestCounts = new ConcurrentHashMap<>();
    /** The latest token-endpoint forms per issuer, bounded: the local stack's provider may run for days. */
    private final Map<String, Deque<Map<String, String>>> tokenForms = new ConcurrentHashMap<>();
    private static final int TOKEN_FORMS_KEPT = 1000;
    private final ClientAuthentication clientAuthentication = new ClientAuthentication();
    private final KeyWithdrawal keyWithdrawal = new KeyWithdrawal();
    private final IssuerSigningKeys signingKeys = new IssuerSigningKeys();
    private final MockOAuth2Server server;

    private OidcProvider() {
        OAuth2Config config = new OAuth2Config(false, null, null, true, new OAuth2TokenProvider(signingKeys),
                Set.<OAuth2TokenCallback>of(platformClientCredentials()), new MockWebServerWrapper());
        this.server = new MockOAuth2Server(config, counter(), clientAuthentication, keyWithdrawal);
    }

    /** Starts the provider on loopback; port 0 picks a free port. */
    public static OidcProvider start(int port) {
        OidcProvider provider = new OidcProvider();
        try {
            provider.server.start(InetAddress.getByName("localhost"), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        return provider;
    }

    /**
     * Client credentials at the platform issuer: the platform services get the service role; a
     * person using the local stack passes {@code org} and {@code role} form parameters to get a
     * token for that organisation and role.
     */
    private static OAuth2TokenCallback platformClientCredentials() {
        // azp names the calling client, as Keycloak and Entra do; the services authorize platform clients by it.
        RequestMapping services = new RequestMapping("client_id", SERVICE_CLIENTS, Map.of(
                "sub", "${client_id}",
                "azp", "${client_id}",
                "aud", List.of(PLATFORM_AUDIENCE),
                ROLES_CLAIM, List.of(SERVICE_ROLE)), JOSEObjectType.JWT.getType());
        RequestMapping people = new RequestMapping("org", "*", Map.of(
                "sub", "${client_id}",
                "azp", "${client_id}",
                "aud", List.of(PLATFORM_AUDIENCE),
                ORG_CLAIM, "${org}",
                ROLES_CLAIM, List.of("${role}")), JOSEObjectType.JWT.getType());
        // A person signing in to a web application (the console) through the login form: the form's
        // user name is the subject, its claims field carries org_id and roles. The audience names
        // the platform's APIs and the signing-in client (the ID token's audience is its client).
        RequestMapping loginForm = new RequestMapping("subject", "*", Map.of(
                "sub", "${subject}",
                "azp", "${client_id}",
                "aud", List.of(PLATFORM_AUDIENCE, "${client_id}")), JOSEObjectType.JWT.getType());
        return new RequestMappingTokenCallback(PLATFORM_ISSUER_ID, List.of(services, people, loginForm), 3600);
    }

    /** Counts every request by issuer and endpoint, then lets the provider's own routes answer. */
    private Route counter() {
        return new Route() {
            @Override
            public boolean match(OAuth2HttpRequest request) {
                List<String> segments = request.getUrl().pathSegments();
                if (!segments.isEmpty()) {
                    String key = segments.get(0) + " " + String.join("/", segments.subList(1, segments.size()));
                    requestCounts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                    if (segments.size() == 2 && segments.get(1).equals("token")) {
                        Deque<Map<String, String>> forms = tokenForms.computeIfAbsent(segments.get(0), k -> new ConcurrentLinkedDeque<>());
                        forms.addLast(Map.copyOf(FormBody.parse(request.getBody())));
                        while (forms.size() > TOKEN_FORMS_KEPT) {
                            forms.pollFirst();
                        }
                    }
                }
                return false;
            }

            @Override
            public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
                throw new IllegalStateException("the counting route never answers");
            }
        };
    }

    /**
     * Registers a confidential client: from now on its calls to any issuer's token, revocation and
     * introspection endpoints must carry its secret by {@code client_secret_basic}, or get 401
     * {@code invalid_client}. Unregistered clients are not authenticated.
     */
    public void registerConfidentialClient(String clientId, String clientSecret) {
        clientAuthentication.register(clientId, clientSecret);
    }

    /**
     * The forms of the latest requests (at most {@value #TOKEN_FORMS_KEPT}) to an issuer's token
     * endpoint, oldest first; reading does not consume them, so tests of other issuers are unaffected.
     */
    public List<Map<String, String>> tokenRequests(String issuerId) {
        Deque<Map<String, String>> forms = tokenForms.get(issuerId);
        return forms == null ? List.of() : List.copyOf(forms);
    }

    /**
     * How many calls to an issuer's endpoint ({@code token}, {@code revoke}, {@code introspect}) a
     * registered confidential client made without its secret (refused with 401 {@code invalid_client}).
     */
    public int refusedClientAuthentications(String issuerId, String endpoint) {
        return clientAuthentication.refused(issuerId, endpoint);
    }

    /** From now on the issuer's JWKS publishes no keys (tokens it issued before keep their signatures). */
    public void withdrawSigningKeys(String issuerId) {
        keyWithdrawal.withdraw(issuerId);
    }

    /** The issuer's JWKS publishes its signing key again. */
    public void restoreSigningKeys(String issuerId) {
        keyWithdrawal.restore(issuerId);
    }

    /** How many requests the endpoint (e.g. {@code token}, {@code revoke}) of an issuer received so far. */
    public int requestCount(String issuerId, String endpoint) {
        AtomicInteger count = requestCounts.get(issuerId + " " + endpoint);
        return count == null ? 0 : count.get();
    }

    public MockOAuth2Server server() {
        return server;
    }

    public String baseUrl() {
        String url = server.baseUrl().toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public int port() {
        return server.baseUrl().port();
    }

    /**
     * The issuer's URL. The first time an issuer is named, its signing key is made here: the
     * provider generates an RSA key per new issuer, which under load can take longer than a
     * service's provider timeout if it first happened inside that service's code exchange.
     */
    public String issuer(String issuerId) {
        signingKeys.signingKey(issuerId);
        return server.issuerUrl(issuerId).toString();
    }

    /** Whether the issuer's signing key exists (it is made when the issuer is first named or used). */
    public boolean hasSigningKey(String issuerId) {
        return signingKeys.has(issuerId);
    }

    public String platformIssuer() {
        return issuer(PLATFORM_ISSUER_ID);
    }

    /** A platform access token for a person of an organisation with the given roles. */
    public String platformToken(String subject, String orgId, String... roles) {
        return platformToken(subject, Map.of(ORG_CLAIM, orgId, ROLES_CLAIM, Arrays.asList(roles)), 3600);
    }

    /** A platform support agent's token: role SUPPORT in the platform's staff organisation. */
    public String staffSupportToken(String subject) {
        return platformToken(subject, STAFF_ORG, "SUPPORT");
    }

    /** A platform access token for one of the platform's services (service role, no organisation, azp = the service). */
    public String serviceToken(String serviceName) {
        return platformToken(serviceName, Map.of(ROLES_CLAIM, List.of(SERVICE_ROLE)), 3600);
    }

    /**
     * A platform access token with exactly these claims besides {@code iss}, {@code sub}, {@code aud}
     * and the times: unlike {@link #platformToken(String, Map, long)} it carries no {@code azp}
     * unless {@code claims} has one (an issuer naming the client elsewhere, or not at all).
     */
    public String platformTokenWithExactClaims(String subject, Map<String, Object> claims, long expirySeconds) {
        OAuth2TokenCallback exact = new OAuth2TokenCallback() {
            @Override
            public String issuerId() {
                return PLATFORM_ISSUER_ID;
            }

            @Override
            public String subject(com.nimbusds.oauth2.sdk.TokenRequest request) {
                return subject;
            }

            @Override
            public String typeHeader(com.nimbusds.oauth2.sdk.TokenRequest request) {
                return JOSEObjectType.JWT.getType();
            }

            @Override
            public List<String> audience(com.nimbusds.oauth2.sdk.TokenRequest request) {
                return List.of(PLATFORM_AUDIENCE);
            }

            @Override
            public Map<String, Object> addClaims(com.nimbusds.oauth2.sdk.TokenRequest request) {
                return claims;
            }

            @Override
            public long tokenExpiry() {
                return expirySeconds;
            }
        };
        return server.issueToken(PLATFORM_ISSUER_ID, subject, exact).serialize();
    }

    /**
     * A service token issued to platform client {@code clientId} (its {@code azp}) for a subject
     * that may read differently, as issuers with service-account subjects do.
     */
    public String serviceToken(String clientId, String subject) {
        return server.issueToken(PLATFORM_ISSUER_ID, clientId, new DefaultOAuth2TokenCallback(
                PLATFORM_ISSUER_ID, subject, JOSEObjectType.JWT.getType(), List.of(PLATFORM_AUDIENCE),
                Map.of(ROLES_CLAIM, List.of(SERVICE_ROLE)), 3600)).serialize();
    }

    /** A platform access token with exactly these extra claims and lifetime (its azp is the subject). */
    public String platformToken(String subject, Map<String, Object> claims, long expirySeconds) {
        return server.issueToken(PLATFORM_ISSUER_ID, subject, new DefaultOAuth2TokenCallback(
                PLATFORM_ISSUER_ID, subject, JOSEObjectType.JWT.getType(), List.of(PLATFORM_AUDIENCE), claims,
                expirySeconds)).serialize();
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
