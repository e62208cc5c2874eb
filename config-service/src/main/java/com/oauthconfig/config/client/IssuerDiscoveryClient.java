package com.oauthconfig.config.client;

import com.oauthconfig.common.http.CappedBody;
import com.oauthconfig.common.problem.Problems;
import com.oauthconfig.config.config.ConfigServiceConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * Checks an issuer against its own discovery document: the document's {@code issuer} must be
 * identical to the configured one. Redirects are not followed (a redirect could lead to an
 * address the SSRF rules refused); the response is bounded in time and size. Called only after
 * the address rules accepted the issuer.
 */
@ApplicationScoped
public class IssuerDiscoveryClient {

    static final String WELL_KNOWN = "/.well-known/openid-configuration";
    private static final int MAX_BYTES = 64 * 1024;

    private final WebClient client;
    private final ConfigServiceConfig config;

    public IssuerDiscoveryClient(Vertx vertx, ConfigServiceConfig config) {
        this.config = config;
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setFollowRedirects(false)
                .setConnectTimeout(config.discovery().timeoutMillis())
                .setUserAgent("config-service"));
    }

    /** The discovery URL of an issuer (OIDC Discovery 1.0 §4: path appended after removing a trailing '/'). */
    public static String discoveryUrl(String issuer) {
        return (issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer) + WELL_KNOWN;
    }

    /** Completes when the issuer's discovery document names exactly this issuer; a 400 naming {@code issuer} otherwise. */
    public Uni<Void> verify(String issuer) {
        String url = discoveryUrl(issuer);
        // The request timeout is an idle timeout: a server dribbling bytes never trips it, so the
        // whole exchange also has a hard deadline, and the body is capped while it is read.
        return client.getAbs(url).timeout(config.discovery().timeoutMillis()).as(CappedBody.of(MAX_BYTES)).send()
                .ifNoItem().after(Duration.ofMillis(config.discovery().timeoutMillis())).fail()
                .onFailure().transform(e -> Problems.invalid("issuer",
                        "its discovery document " + url + " could not be fetched (" + e.getClass().getSimpleName() + ")"))
                .map(response -> {
                    if (response.statusCode() != 200) {
                        throw Problems.invalid("issuer", "its discovery document " + url + " answered HTTP " + response.statusCode());
                    }
                    String named;
                    try {
                        if (response.body() == null) {
                            throw new IllegalArgumentException("empty");
                        }
                        named = new JsonObject(response.body().toString()).getString("issuer");
                    } catch (RuntimeException e) {
                        throw Problems.invalid("issuer", "its discovery document " + url + " is not a JSON object with an issuer");
                    }
                    if (!issuer.equals(named)) {
                        String shown = named == null ? "none" : named.length() > 200 ? named.substring(0, 200) + "…" : named;
                        throw Problems.invalid("issuer", "must be identical to the issuer its discovery document names ("
                                + shown + ")");
                    }
                    return null;
                })
                .replaceWithVoid();
    }
}
