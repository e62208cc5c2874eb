package com.oauthconfig.token.store;

import com.oauthconfig.token.config.TokenServiceConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * LISTENs on {@code user_token_changed} (sent by the V4 trigger after every committed change of a
 * token row, whichever replica or tool made it) and evicts that key from this replica's
 * {@link AccessTokenCache}. Its own connection, reconnecting after a loss; while it is not
 * listening the cache is switched off, so no notification can be missed unnoticed.
 */
@ApplicationScoped
public class TokenChangeListener {

    private static final Logger LOG = Logger.getLogger(TokenChangeListener.class);
    static final String CHANNEL = "user_token_changed";

    private final Vertx vertx;
    private final AccessTokenCache cache;
    private final TokenServiceConfig settings;
    private final String url;
    private final Optional<String> user;
    private final Optional<String> password;
    private volatile PgSubscriber subscriber;
    private volatile boolean stopping;

    public TokenChangeListener(Vertx vertx, AccessTokenCache cache, TokenServiceConfig settings,
                               @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
                               @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
                               @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.vertx = vertx;
        this.cache = cache;
        this.settings = settings;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    void start(@Observes StartupEvent ignored) {
        if (settings.tokenCache().enabled()) {
            open();
        }
    }

    /**
     * A new subscriber per connection. Vert.x's own reconnection keeps quiet while it retries
     * (the close handler runs only once it gives up), so it is switched off: the cache must be
     * off from the moment the connection is lost until LISTEN is in place again.
     */
    private void open() {
        if (stopping) {
            return;
        }
        String uri = url.startsWith("vertx-reactive:") ? url.substring("vertx-reactive:".length()) : url;
        PgConnectOptions options = PgConnectOptions.fromUri(uri);
        user.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        PgSubscriber s = PgSubscriber.subscriber(vertx, options);
        s.reconnectPolicy(retries -> -1L);
        s.closeHandler(v -> {
            cache.listening(false);
            if (!stopping) {
                LOG.info("token change listener lost its connection; token cache off until it is back");
                vertx.setTimer(1000, id -> open());
            }
        });
        s.channel(CHANNEL)
                .subscribeHandler(v -> cache.listening(true))
                .handler(this::onNotification);
        subscriber = s;
        s.connect().onFailure(f -> {
            cache.listening(false);
            if (!stopping) {
                LOG.infof("token change listener cannot connect (%s); retrying, token cache off meanwhile",
                        f.getClass().getSimpleName());
                vertx.setTimer(1000, id -> open());
            }
        });
    }

    void onNotification(String payload) {
        try {
            JsonArray key = new JsonArray(payload);
            cache.evict(key.getString(0), key.getString(1), key.getString(2));
        } catch (RuntimeException e) {
            // Unreadable: forget everything rather than risk a stale token.
            cache.evictAll();
        }
    }

    void stop(@Observes ShutdownEvent ignored) {
        stopping = true;
        cache.listening(false);
        PgSubscriber s = subscriber;
        if (s != null) {
            s.close();
        }
    }
}
