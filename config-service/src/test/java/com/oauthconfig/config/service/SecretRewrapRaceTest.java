package com.oauthconfig.config.service;

import com.oauthconfig.common.crypto.EnvelopeCipher;
import com.oauthconfig.contracts.testing.FakeAliasService;
import com.oauthconfig.contracts.testing.FakeTokenService;
import com.oauthconfig.rig.Rig;
import com.oauthconfig.rig.RigResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static com.oauthconfig.config.support.Api.admin;
import static com.oauthconfig.config.support.Api.as;
import static com.oauthconfig.config.support.Api.create;
import static com.oauthconfig.config.support.Api.newOrg;
import static com.oauthconfig.config.support.Api.openIdConfig;
import static com.oauthconfig.config.support.Api.sealerWith;
import static com.oauthconfig.config.support.Api.service;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The key-rotation job and people's edits on the same rows at the same time: the job only ever
 * replaces the sealed secret it read, so no edit is lost, no version goes backwards, and every
 * secret still opens — under the active key once the job has passed.
 */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "config_service"))
@WithTestResource(FakeAliasService.class)
@WithTestResource(FakeTokenService.class)
class SecretRewrapRaceTest {

    private static final int CONFIGS = 6;
    private static final int PATCHES_EACH = 25;

    @Inject
    SecretRewrapJob job;

    @Test
    void patchesRacingTheRewrapJobAreNeverLostAndVersionsNeverGoBackwards() throws Throwable {
        String org = newOrg();
        String admin = admin(org);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < CONFIGS; i++) {
            Map<String, Object> body = openIdConfig("race.c" + (char) ('a' + i));
            body.put("clientSecret", "secret-" + i);
            ids.add(create(org, body));
        }
        EnvelopeCipher retired = sealerWith("dev-0");

        List<String> failures = new ArrayList<>();
        Map<String, Long> highestSeen = new ConcurrentHashMap<>();
        AtomicInteger rewrapped = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(CONFIGS);
        try {
            List<Future<?>> editors = new ArrayList<>();
            for (int i = 0; i < CONFIGS; i++) {
                String id = ids.get(i);
                editors.add(pool.submit(() -> {
                    long version = 1;
                    for (int k = 1; k <= PATCHES_EACH; k++) {
                        Response r = as(admin).contentType("application/merge-patch+json").header("If-Match", "\"" + version + "\"")
                                .body(Map.of("name", "edit " + k)).patch("/api/orgs/{org}/oauth-configs/{id}", org, id);
                        if (r.statusCode() != 200) {
                            synchronized (failures) {
                                failures.add(id + " PATCH " + k + " at version " + version + " -> " + r.statusCode() + " " + r.asString());
                            }
                            return;
                        }
                        version = Long.parseLong(r.header("ETag").replace("\"", ""));
                    }
                }));
            }
            // Meanwhile: seal every secret with the retired key again and again, and run the job on it.
            while (editors.stream().anyMatch(f -> !f.isDone())) {
                for (int i = 0; i < CONFIGS; i++) {
                    String id = ids.get(i);
                    exec("update oauth_config set client_secret_sealed = ? where id = ?",
                            retired.seal("secret-" + i, "oauth-config|" + org + "|" + id), UUID.fromString(id));
                }
                rewrapped.addAndGet(VertxContextSupport.subscribeAndAwait(() -> job.rewrapBatch()));
                for (String id : ids) {
                    long v = Long.parseLong(column("version", id));
                    Long before = highestSeen.put(id, v);
                    if (before != null && v < before) {
                        synchronized (failures) {
                            failures.add(id + " went back from version " + before + " to " + v);
                        }
                    }
                }
            }
            for (Future<?> f : editors) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(), failures);
        assertTrue(rewrapped.get() > 0, "the job ran on the rows while they were edited");
        VertxContextSupport.subscribeAndAwait(() -> job.rewrapBatch());
        for (int i = 0; i < CONFIGS; i++) {
            String id = ids.get(i);
            as(admin).get("/api/orgs/{org}/oauth-configs/{id}", org, id).then().statusCode(200)
                    .body("name", equalTo("edit " + PATCHES_EACH)).body("version", equalTo(1 + PATCHES_EACH));
            as(service("token-service")).get("/internal/orgs/{org}/oauth-configs/{id}", org, id).then().statusCode(200)
                    .body("clientSecret", equalTo("secret-" + i)).body("version", equalTo(1 + PATCHES_EACH));
            assertTrue(column("client_secret_sealed", id).startsWith("v1.dev-1."), "sealed with the active key");
        }
    }

    private static String column(String column, String id) throws Exception {
        try (Connection c = Rig.postgres().connect("config_service");
             PreparedStatement ps = c.prepareStatement("select " + column + " from oauth_config where id = ?")) {
            ps.setObject(1, UUID.fromString(id));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static void exec(String sql, Object... args) throws Exception {
        try (Connection c = Rig.postgres().connect("config_service"); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }
}
