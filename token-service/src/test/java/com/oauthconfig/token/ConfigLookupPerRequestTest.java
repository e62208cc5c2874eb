package com.oauthconfig.token;

import com.oauthconfig.common.crypto.EnvelopeCipher;
import com.oauthconfig.contracts.alias.AliasStatus;
import com.oauthconfig.contracts.alias.AliasResolution;
import com.oauthconfig.common.problem.DatabaseOutage;
import com.oauthconfig.rig.RigResource;
import com.oauthconfig.token.config.TokenServiceConfig;
import com.oauthconfig.token.configevents.ConfigStateRepository;
import com.oauthconfig.token.injection.FunctionExecutor;
import com.oauthconfig.token.injection.TargetPolicy;
import com.oauthconfig.token.injection.TokenReferenceResolver;
import com.oauthconfig.token.injection.UpstreamClient;
import com.oauthconfig.token.peers.AliasServiceGateway;
import com.oauthconfig.token.peers.ConfigServiceGateway;
import com.oauthconfig.token.peers.OAuthConfigCache;
import com.oauthconfig.token.store.AccessTokenCache;
import com.oauthconfig.token.store.AccessTokenService;
import com.oauthconfig.token.store.RefreshService;
import com.oauthconfig.token.store.TokenHandOutPolicy;
import com.oauthconfig.token.store.TokenRepository;
import com.oauthconfig.contracts.testing.FakeAliasService;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.token.support.Fixtures;
import com.oauthconfig.token.support.Upstream;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The injection path reads the config once per request and passes it down (token lookup, refresh,
 * apiHosts rule) instead of reading it again. The path is assembled here from the application's
 * beans around a config cache that keeps nothing, so every read is a request to the (fake)
 * config-service over HTTP, which counts them.
 */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "token_service"))
@WithTestResource(FakeConfigService.class)
@WithTestResource(FakeAliasService.class)
class ConfigLookupPerRequestTest {

    private static final String TITLE = "acme.oauth.token";

    @Inject
    TokenServiceConfig settings;
    @Inject
    ConfigServiceGateway gateway;
    @Inject
    AliasServiceGateway aliases;
    @Inject
    ConfigStateRepository states;
    @Inject
    TokenRepository tokenRows;
    @Inject
    EnvelopeCipher cipher;
    @Inject
    TokenHandOutPolicy policy;
    @Inject
    RefreshService refresher;
    @Inject
    AccessTokenCache tokenCache;
    @Inject
    DatabaseOutage database;
    @Inject
    TargetPolicy targets;
    @Inject
    UpstreamClient upstreamClient;

    TokenReferenceResolver resolver;
    FunctionExecutor executor;

    @BeforeEach
    void assemble() {
        OAuthConfigCache uncached = new OAuthConfigCache(gateway, withoutConfigCache(settings), new SimpleMeterRegistry());
        resolver = new TokenReferenceResolver(uncached, aliases, states,
                new AccessTokenService(uncached, tokenRows, cipher, policy, refresher, tokenCache), settings, database);
        executor = new FunctionExecutor(targets, resolver, upstreamClient);
    }

    /** The application's settings, but a config read is never reused. */
    private static TokenServiceConfig withoutConfigCache(TokenServiceConfig settings) {
        TokenServiceConfig.ConfigSource none = () -> Duration.ZERO;
        return (TokenServiceConfig) Proxy.newProxyInstance(TokenServiceConfig.class.getClassLoader(),
                new Class<?>[] {TokenServiceConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("configSource")) {
                        return none;
                    }
                    try {
                        return method.invoke(settings, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static int reads(String configId, String title) {
        return FakeConfigService.reads(configId) + FakeConfigService.reads("title:" + title);
    }

    private FunctionExecutor.Call call(String org, String reference, String solutionId, URI url) {
        return new FunctionExecutor.Call(org, "ann", solutionId, reference, "GET", url, Map.of(), Map.of(), null, null,
                "c-" + UUID.randomUUID());
    }

    @Test
    void executeAndResolveByTitleReadTheConfigOnce() {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.register(Fixtures.config(org, "acme-okta"));
        String id = config.getString("id");
        Fixtures.signIn("ann", org, id);
        try (Upstream upstream = new Upstream()) {
            int before = reads(id, TITLE);
            UpstreamClient.Response answer = executor.execute(call(org, TITLE, null, URI.create(upstream.url("/once"))))
                    .await().atMost(Duration.ofSeconds(15));
            assertEquals(200, answer.status());
            assertEquals(1, reads(id, TITLE) - before, "config-service requests for one execute");

            before = reads(id, TITLE);
            resolver.resolve(org, "ann", null, TITLE).await().atMost(Duration.ofSeconds(15));
            assertEquals(1, reads(id, TITLE) - before, "config-service requests for one resolve");
        }
    }

    @Test
    void executeThroughASolutionCredentialReadsTheConfigOnceAfterTheTitleMiss() {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.register(Fixtures.config(org, "acme-okta").put("title", "other.title"));
        String id = config.getString("id");
        Fixtures.signIn("ann", org, id);
        String solution = "sol-" + UUID.randomUUID();
        FakeAliasService.alias(org, solution, "crm", new AliasResolution(UUID.randomUUID(), UUID.fromString(id), AliasStatus.OK, null));
        try (Upstream upstream = new Upstream()) {
            int byId = FakeConfigService.reads(id);
            int byTitle = FakeConfigService.reads("title:crm");
            UpstreamClient.Response answer = executor.execute(call(org, "crm", solution, URI.create(upstream.url("/alias"))))
                    .await().atMost(Duration.ofSeconds(15));
            assertEquals(200, answer.status());
            assertEquals(1, FakeConfigService.reads("title:crm") - byTitle, "the title lookup that misses");
            assertEquals(1, FakeConfigService.reads(id) - byId, "reads of the aliased config by id");
        }
    }
}
