package com.oauthconfig.token;

import com.oauthconfig.common.crypto.EnvelopeCipher;
import com.oauthconfig.rig.RigResource;
import com.oauthconfig.token.handout.FailureReason;
import com.oauthconfig.token.store.AccessTokenService;
import com.oauthconfig.token.store.TokenRow;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.token.support.FakeProvider;
import com.oauthconfig.token.support.Fixtures;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static com.oauthconfig.token.support.Fixtures.authorizationUrl;
import static com.oauthconfig.token.support.Fixtures.callback;
import static com.oauthconfig.token.support.Fixtures.followToProvider;
import static com.oauthconfig.token.support.Fixtures.userToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "token_service"))
@WithTestResource(FakeConfigService.class)
class SecretsNeverLoggedTest {

    @Inject
    AccessTokenService tokens;
    @Inject
    EnvelopeCipher cipher;

    /** Collects every log record of the JVM, formatted with its stack trace. */
    static final class Capture extends Handler {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public void publish(LogRecord r) {
            StringWriter w = new StringWriter();
            w.append(String.valueOf(r.getMessage()));
            if (r.getParameters() != null) {
                for (Object p : r.getParameters()) {
                    w.append(' ').append(String.valueOf(p));
                }
            }
            if (r.getThrown() != null) {
                r.getThrown().printStackTrace(new PrintWriter(w));
            }
            lines.add(w.toString());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void noTokenSecretCodeOrStateReachesTheLogsInSuccessAndFailure() {
        Capture capture = new Capture();
        capture.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try (FakeProvider failing = new FakeProvider()) {
            String org = Fixtures.newOrg();
            JsonObject config = Fixtures.register(Fixtures.config(org, "acme-okta"));
            String configId = config.getString("id");
            String token = userToken("ann", org);
            String url = authorizationUrl(token, org, configId);
            Map<String, String> redirect = followToProvider(url);
            callback(token, redirect.get("code"), redirect.get("state"), null).then().statusCode(200);
            callback(token, redirect.get("code"), redirect.get("state"), null).then().statusCode(400);
            Map<String, Object> row = Fixtures.tokenRow(org, configId, "ann");
            String context = TokenRow.context(org, configId, "ann");
            String access = cipher.open((String) row.get("access_token_sealed"), context);
            String refresh = cipher.open((String) row.get("refresh_token_sealed"), context);
            Fixtures.update("update user_token set access_expires_at = now() - interval '1 second' where org_id = ?", org);
            assertTrue(tokens.accessTokenFor(org, configId, "ann").await().atMost(Duration.ofSeconds(30)).isOk());

            // A failing provider path logs too: it must not carry the refresh token either. (A config whose own
            // token endpoint fails: moving this config's endpoint would only make its tokens need consent again.)
            JsonObject failingConfig = Fixtures.register(Fixtures.config(org, "acme-okta").put("title", "acme.failing.token")
                    .put("endpoints", new JsonObject().put("token", failing.url("/token"))));
            String failingId = failingConfig.getString("id");
            Fixtures.signInThrough(failing, failingConfig, "ann", "acme-okta");
            failing.answerJson(500, new JsonObject().put("error", "server_error"));
            String refresh2 = cipher.open((String) Fixtures.tokenRow(org, failingId, "ann").get("refresh_token_sealed"),
                    TokenRow.context(org, failingId, "ann"));
            Fixtures.update("update user_token set access_expires_at = now() - interval '1 second' where org_id = ?", org);
            assertEquals(FailureReason.PROVIDER_UNAVAILABLE, tokens.accessTokenFor(org, failingId, "ann").await().atMost(Duration.ofSeconds(30)).reason());
            assertTrue(failing.requests() > 0);
            assertTrue(capture.lines.stream().anyMatch(l -> l.contains("refresh for " + org)), "the failure was logged");

            String logs = String.join("\n", capture.lines);
            for (String secret : List.of(access, refresh, refresh2, config.getString("clientSecret"), redirect.get("code"),
                    redirect.get("state"), token)) {
                assertFalse(logs.contains(secret), "a secret value reached the logs");
            }
            assertFalse(logs.contains("eyJ"), "no JWT in the logs");
        } finally {
            root.removeHandler(capture);
        }
    }
}
