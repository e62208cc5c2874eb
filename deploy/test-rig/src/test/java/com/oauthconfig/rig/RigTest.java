package com.oauthconfig.rig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rig's servers are real: each test crosses the wire to one of them. */
class RigTest {

    @Test
    void postgresStoresAndReturnsRowsAndSurvivesARestart() throws Exception {
        PostgresServer pg = Rig.postgres();
        pg.ensureDatabase("rig_selftest");
        String value = UUID.randomUUID().toString();
        try (Connection c = pg.connect("rig_selftest"); Statement s = c.createStatement()) {
            s.execute("create table if not exists probe (v text)");
            s.execute("insert into probe values ('" + value + "')");
        }
        pg.stop();
        pg.start();
        try (Connection c = pg.connect("rig_selftest"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from probe where v = '" + value + "'")) {
            rs.next();
            assertEquals(1, rs.getInt(1));
        }
    }

    @Test
    void throwAwayDataDirectoriesAreDeletedWhenTheServersClose() throws Exception {
        // Servers of their own, not the JVM's shared rig: closing those would stop every other test's.
        KafkaBroker kafka = KafkaBroker.start(null, 0);
        java.nio.file.Path kafkaData = kafka.logDirectory();
        assertTrue(java.nio.file.Files.isDirectory(kafkaData), "the broker's data: " + kafkaData);
        kafka.close();
        assertFalse(java.nio.file.Files.exists(kafkaData), "left behind: " + kafkaData);

        PostgresServer pg = PostgresServer.startDefault(null, 0);
        java.nio.file.Path pgData = pg.dataDirectory();
        if (pg.isEmbedded()) {
            assertTrue(java.nio.file.Files.isDirectory(pgData.resolve("base")), "the server's data: " + pgData);
        }
        pg.close();
        if (pg.isEmbedded()) {
            assertFalse(java.nio.file.Files.exists(pgData), "left behind: " + pgData);
        }
    }

    @Test
    void namingAnIssuerMakesItsSigningKeySoNoServiceExchangeWaitsForAKeyToBeGenerated() {
        String issuerId = "fresh-" + UUID.randomUUID();
        assertEquals(false, Rig.oidc().hasSigningKey(issuerId));
        Rig.oidc().issuer(issuerId);
        assertEquals(true, Rig.oidc().hasSigningKey(issuerId));
    }

    @Test
    void kafkaDeliversAProducedRecordAlsoAfterABrokerRestart() throws Exception {
        KafkaBroker kafka = Rig.kafka();
        String topic = "rig-selftest-" + UUID.randomUUID();
        send(kafka, topic, "before");
        kafka.stop();
        kafka.start();
        send(kafka, topic, "after");
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "rig-selftest",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plusSeconds(30);
            while (seen.size() < 2 && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(r.value());
                }
            }
        }
        assertEquals(List.of("before", "after"), seen);
    }

    private static void send(KafkaBroker kafka, String topic, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", value)).get();
        }
    }

    @Test
    void oidcProviderIssuesServiceTokensByClientCredentialsAndCountsCalls() throws Exception {
        OidcProvider oidc = Rig.oidc();
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> discovery = http.send(HttpRequest.newBuilder(
                URI.create(oidc.platformIssuer() + "/.well-known/openid-configuration")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, discovery.statusCode());
        assertEquals(oidc.platformIssuer(), JSON.readTree(discovery.body()).get("issuer").asText());

        int before = oidc.requestCount(OidcProvider.PLATFORM_ISSUER_ID, "token");
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(oidc.platformIssuer() + "/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "grant_type=client_credentials&client_id=token-service&client_secret=s&scope=openid"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, token.statusCode(), token.body());
        JsonNode claims = claimsOf(JSON.readTree(token.body()).get("access_token").asText());
        assertEquals("SERVICE", claims.get("roles").get(0).asText(), claims.toString());
        assertEquals("token-service", claims.get("sub").asText());
        assertEquals(before + 1, oidc.requestCount(OidcProvider.PLATFORM_ISSUER_ID, "token"));

        // The app runtime, as the local stack's banner shows it: a platform service too.
        HttpResponse<String> runtime = http.send(HttpRequest.newBuilder(URI.create(oidc.platformIssuer() + "/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=function-runtime&client_secret=dev"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, runtime.statusCode(), runtime.body());
        JsonNode runtimeClaims = claimsOf(JSON.readTree(runtime.body()).get("access_token").asText());
        assertEquals("SERVICE", runtimeClaims.get("roles").get(0).asText(), runtimeClaims.toString());
        assertEquals("function-runtime", runtimeClaims.get("sub").asText());
    }

    @Test
    void platformTokensCarryOrganisationAndRoles() throws Exception {
        JsonNode claims = claimsOf(Rig.oidc().platformToken("alice", "org-1", "ADMIN"));
        assertEquals("org-1", claims.get("org_id").asText());
        assertEquals("ADMIN", claims.get("roles").get(0).asText());
        assertEquals("oauth-platform", claims.get("aud").isArray() ? claims.get("aud").get(0).asText() : claims.get("aud").asText());
    }

    @Test
    void peopleGetTokensForTheOrganisationAndRoleTheyAskFor() throws Exception {
        OidcProvider oidc = Rig.oidc();
        HttpResponse<String> token = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(oidc.platformIssuer() + "/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "grant_type=client_credentials&client_id=alice&client_secret=dev&org=acme&role=OWNER"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, token.statusCode(), token.body());
        JsonNode claims = claimsOf(JSON.readTree(token.body()).get("access_token").asText());
        assertEquals("acme", claims.get("org_id").asText());
        assertEquals("OWNER", claims.get("roles").get(0).asText());
        assertEquals("alice", claims.get("sub").asText());
    }

    @Test
    void aRegisteredConfidentialClientMustAuthenticateWithClientSecretBasicAtTokenAndRevocation() throws Exception {
        OidcProvider oidc = Rig.oidc();
        String issuerId = "rig-client-auth-" + UUID.randomUUID();
        String issuer = oidc.issuer(issuerId);
        String client = "client-" + UUID.randomUUID();
        String secret = "s3cret/+ " + UUID.randomUUID();
        oidc.registerConfidentialClient(client, secret);
        String grant = "grant_type=client_credentials&scope=openid";

        assertEquals(200, post(issuer + "/token", basic(client, secret), grant).statusCode(), "right secret by client_secret_basic");
        for (HttpResponse<String> refused : List.of(
                post(issuer + "/token", basic(client, "wrong"), grant),
                post(issuer + "/token", null, grant + "&client_id=" + client),
                post(issuer + "/token", null, grant + "&client_id=" + client + "&client_secret=" + enc(secret)),
                post(issuer + "/revoke", basic(client, "wrong"), "token=t&token_type_hint=refresh_token"),
                post(issuer + "/revoke", null, "token=t&client_id=" + client))) {
            assertEquals(401, refused.statusCode(), refused.body());
            assertEquals("invalid_client", JSON.readTree(refused.body()).get("error").asText());
        }
        assertEquals(200, post(issuer + "/revoke", basic(client, secret), "token=t&token_type_hint=refresh_token").statusCode());
        // A client never registered is left to the provider, which accepts any secret.
        assertEquals(200, post(issuer + "/token", basic("unregistered-" + UUID.randomUUID(), "any"), grant).statusCode());

        // The provider's journal of token requests, per issuer: refused ones included, read without being consumed.
        assertEquals(5, oidc.tokenRequests(issuerId).size());
        assertEquals(5, oidc.tokenRequests(issuerId).stream().filter(f -> "client_credentials".equals(f.get("grant_type"))).count());
    }

    private static HttpResponse<String> post(String url, String authorization, String form) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((enc(id) + ":" + enc(secret)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode claimsOf(String jwt) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }
}
