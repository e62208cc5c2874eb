package com.oauthconfig.token.support;

import com.oauthconfig.common.crypto.EnvelopeCipher;
import com.oauthconfig.rig.PostgresServer;
import com.oauthconfig.rig.Rig;
import com.oauthconfig.token.config.TokenServiceConfig;
import com.oauthconfig.token.peers.OAuthConfigCache;
import com.oauthconfig.token.provider.DiscoveryService;
import com.oauthconfig.token.provider.ProviderHttpClient;
import com.oauthconfig.token.provider.ProviderTokenClient;
import com.oauthconfig.token.provider.TokenExpiry;
import com.oauthconfig.token.store.AccessTokenCache;
import com.oauthconfig.token.store.AccessTokenService;
import com.oauthconfig.token.store.RefreshService;
import com.oauthconfig.token.store.TokenHandOutPolicy;
import com.oauthconfig.token.store.TokenRepository;
import com.oauthconfig.token.store.TokenStore;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;

/**
 * A second token-service "replica" in the test JVM: its own connection pool, HTTP client, discovery
 * cache, refresh coalescing map and provider client; it shares only the database (and the config
 * source) with the application under test, as two deployed replicas would. Not a second process.
 */
public final class SecondReplica implements AutoCloseable {

    private final Pool pool;
    private final AccessTokenService tokens;

    public SecondReplica(Vertx vertx, TokenServiceConfig settings, OAuthConfigCache configs, EnvelopeCipher cipher,
                         TokenHandOutPolicy policy) {
        PostgresServer pg = Rig.postgres();
        // The second replica's own meters, as another JVM would have.
        var meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        pool = PgPool.pool(vertx, new PgConnectOptions().setHost(pg.host()).setPort(pg.port())
                .setDatabase(Fixtures.DATABASE).setUser(pg.user()).setPassword(pg.password()), new PoolOptions().setMaxSize(10));
        ProviderHttpClient http = new ProviderHttpClient(vertx, settings,
                new com.oauthconfig.common.egress.EgressAddresses(new com.oauthconfig.common.egress.DnsResolver()),
                io.opentelemetry.api.OpenTelemetry.noop(), meters);
        DiscoveryService discovery = new DiscoveryService(http, settings);
        TokenRepository repository = new TokenRepository(pool);
        AccessTokenCache cache = new AccessTokenCache(settings, meters);
        tokens = new AccessTokenService(configs, repository, cipher, policy,
                new RefreshService(repository, cipher, discovery, new ProviderTokenClient(http), policy,
                        new TokenExpiry(settings), new TokenStore(repository, cache), meters),
                cache);
    }

    /** The replica's token source, as the injection path of that replica would use it. */
    public AccessTokenService tokens() {
        return tokens;
    }

    @Override
    public void close() {
        pool.closeAndAwait();
    }
}
