package com.oauthconfig.console.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.oauthconfig.console.ConsoleSettings;
import com.oauthconfig.console.web.ConsoleError;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * Calls the services' REST APIs with the signed-in person's own access token, so each service
 * decides roles and tenancy itself. Runs on worker threads (the console's handlers are blocking:
 * a handful of sequential calls per page, low traffic). Under profile {@code tls} the services are
 * reached over HTTPS trusting the platform CA (TLS configuration {@code peers}).
 */
@ApplicationScoped
public class ServiceClient {

    private static final Logger LOG = Logger.getLogger(ServiceClient.class);

    private final WebClient client;
    private final ConsoleSettings settings;
    private final ObjectMapper json;

    ServiceClient(Vertx vertx, ConsoleSettings settings, ObjectMapper json, TlsConfigurationRegistry tls) {
        this.settings = settings;
        this.json = json;
        int timeout = (int) settings.callTimeout().toMillis();
        WebClientOptions options = new WebClientOptions().setConnectTimeout(timeout).setFollowRedirects(false)
                .setUserAgent("oauth-platform-console");
        tls.get("peers").ifPresent(peers -> options.setTrustOptions(peers.getTrustStoreOptions()));
        this.client = WebClient.create(vertx, options);
    }

    @PreDestroy
    void close() {
        client.close();
    }

    public Answer get(Service service, String bearer, String path, Map<String, String> query) {
        HttpRequest<Buffer> r = request(HttpMethod.GET, service, bearer, path);
        query.forEach(r::addQueryParam);
        return send(service, r, null);
    }

    public Answer send(HttpMethod method, Service service, String bearer, String path, Object body, Map<String, String> headers) {
        HttpRequest<Buffer> r = request(method, service, bearer, path);
        headers.forEach(r::putHeader);
        return send(service, r, body);
    }

    private HttpRequest<Buffer> request(HttpMethod method, Service service, String bearer, String path) {
        return client.requestAbs(method, baseUrl(service) + path)
                .bearerTokenAuthentication(bearer)
                .putHeader("Accept", "application/json, application/problem+json")
                .timeout(settings.callTimeout().toMillis());
    }

    private Answer send(Service service, HttpRequest<Buffer> r, Object body) {
        HttpResponse<Buffer> response;
        try {
            if (body == null) {
                response = r.send().await().atMost(settings.callTimeout().plusSeconds(1));
            } else {
                byte[] bytes = body instanceof String s ? s.getBytes(java.nio.charset.StandardCharsets.UTF_8) : json.writeValueAsBytes(body);
                response = r.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(bytes))
                        .await().atMost(settings.callTimeout().plusSeconds(1));
            }
        } catch (IOException e) {
            throw new IllegalStateException("request body not serialisable", e);
        } catch (RuntimeException e) {
            // The cause names an address; the page only names the service.
            LOG.warnf("%s did not answer: %s", service.displayName(), e.getClass().getSimpleName());
            throw ConsoleError.unavailable(service);
        }
        Optional<String> etag = Optional.ofNullable(response.getHeader("ETag"));
        Buffer payload = response.body();
        if (payload == null || payload.length() == 0) {
            return Answer.empty(response.statusCode(), etag);
        }
        try {
            JsonNode node = json.readTree(payload.getBytes());
            return new Answer(response.statusCode(), etag, node);
        } catch (IOException e) {
            return Answer.empty(response.statusCode(), etag);
        }
    }

    private String baseUrl(Service service) {
        String url = switch (service) {
            case CONFIG -> settings.configServiceUrl();
            case TOKEN -> settings.tokenServiceUrl();
            case ALIAS -> settings.credentialAliasServiceUrl();
        };
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
