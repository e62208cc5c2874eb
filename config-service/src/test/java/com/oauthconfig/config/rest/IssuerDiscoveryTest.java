package com.oauthconfig.config.rest;

import com.oauthconfig.contracts.testing.FakeAliasService;
import com.oauthconfig.rig.FreePorts;
import com.oauthconfig.rig.Rig;
import com.oauthconfig.rig.RigResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.common.http.TestHTTPResource;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import java.util.Map;
import java.util.UUID;

import static com.oauthconfig.config.support.Api.admin;
import static com.oauthconfig.config.support.Api.as;
import static com.oauthconfig.config.support.Api.newOrg;
import static com.oauthconfig.config.support.Api.openIdConfig;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An issuer is saved only when its own discovery document (a real OIDC provider here) names it identically. */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "config_service"))
@WithTestResource(FakeAliasService.class)
class IssuerDiscoveryTest {

    private static final String DISCOVERY = ".well-known/openid-configuration";

    @TestHTTPResource("/")
    URI base;

    @Test
    void issuerIsFetchedOnceWhenSetAndAgainOnlyWhenItChanges() {
        String org = newOrg();
        String issuerId = "idp-" + UUID.randomUUID();
        Map<String, Object> body = openIdConfig("discovered");
        body.put("issuer", Rig.oidc().issuer(issuerId));
        String id = as(admin(org)).body(body).post("/api/orgs/{org}/oauth-configs", org).then().statusCode(201).extract().path("id");
        assertEquals(1, Rig.oidc().requestCount(issuerId, DISCOVERY));

        body.put("name", "Renamed");
        as(admin(org)).header("If-Match", "\"1\"").body(body).put("/api/orgs/{org}/oauth-configs/{id}", org, id).then().statusCode(200);
        assertEquals(1, Rig.oidc().requestCount(issuerId, DISCOVERY), "an unchanged issuer is not fetched again");

        String otherId = "idp-" + UUID.randomUUID();
        body.put("issuer", Rig.oidc().issuer(otherId));
        as(admin(org)).header("If-Match", "\"2\"").body(body).put("/api/orgs/{org}/oauth-configs/{id}", org, id).then().statusCode(200);
        assertEquals(1, Rig.oidc().requestCount(otherId, DISCOVERY));
    }

    @Test
    void issuerThatDiffersFromItsDiscoveryDocumentIsRefused() {
        String org = newOrg();
        Map<String, Object> body = openIdConfig("trailing.slash");
        String real = Rig.oidc().issuer("slash-idp");
        body.put("issuer", real + "/");
        as(admin(org)).body(body).post("/api/orgs/{org}/oauth-configs", org).then().statusCode(400)
                .body("errors[0].field", equalTo("issuer"))
                .body("errors[0].rule", containsString("identical to the issuer its discovery document names (" + real + ")"));
        as(admin(org)).get("/api/orgs/{org}/oauth-configs", org).then().body("total", equalTo(0));
    }

    @Test
    void issuerWithoutReachableDiscoveryDocumentIsRefused() {
        String org = newOrg();
        Map<String, Object> body = openIdConfig("no.discovery");
        body.put("issuer", "http://localhost:" + FreePorts.pick() + "/nobody");
        as(admin(org)).body(body).post("/api/orgs/{org}/oauth-configs", org).then().statusCode(400)
                .body("errors[0].field", equalTo("issuer"))
                .body("errors[0].rule", containsString("could not be fetched"));

        // A server that answers, but not with a discovery document.
        body.put("issuer", FakeAliasService.listen() + "/not-an-idp");
        as(admin(org)).body(body).post("/api/orgs/{org}/oauth-configs", org).then().statusCode(400)
                .body("errors[0].rule", containsString("answered HTTP 404"));
    }

    /**
     * A discovery endpoint that dribbles bytes (never idle long enough for an idle timeout) or streams
     * an endless body fast: the save is refused naming {@code issuer} within the discovery budget plus a
     * margin, the body is not buffered past its cap, and the service keeps answering.
     */
    @Test
    void aDribblingOrEndlessDiscoveryDocumentIsRefusedWithinTheBudgetAndNotBuffered() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            HttpServer server = vertx.createHttpServer().requestHandler(req -> {
                req.response().setChunked(true).putHeader("Content-Type", "application/json").write("{\"issuer\":\"");
                long period = req.path().startsWith("/dribble") ? 100 : 1;
                String chunk = period == 1 ? "x".repeat(64 * 1024) : "x";
                long timer = vertx.setPeriodic(period, t -> {
                    if (!req.response().closed() && !req.response().writeQueueFull()) {
                        req.response().write(chunk);
                    }
                });
                req.connection().closeHandler(v -> vertx.cancelTimer(timer));
            }).listen(0, "localhost").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            String org = newOrg();
            HttpClient http = HttpClient.newHttpClient();
            for (String kind : new String[] {"dribble", "endless"}) {
                Map<String, Object> body = openIdConfig("stream." + kind);
                body.put("issuer", "http://localhost:" + server.actualPort() + "/" + kind);
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "api/orgs/" + org + "/oauth-configs"))
                        .timeout(Duration.ofSeconds(15))
                        .header("Authorization", "Bearer " + admin(org)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(new io.vertx.core.json.JsonObject(body).encode())).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(400, r.statusCode(), kind + ": " + r.body());
                assertTrue(r.body().contains("\"field\":\"issuer\"") && r.body().contains("could not be fetched"), kind + ": " + r.body());
            }
            as(admin(org)).get("/api/orgs/{org}/oauth-configs", org).then().statusCode(200).body("total", equalTo(0));
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
