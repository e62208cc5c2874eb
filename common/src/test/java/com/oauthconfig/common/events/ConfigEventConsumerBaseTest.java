package com.oauthconfig.common.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.oauthconfig.common.events.ConfigEventConsumerBase.Known;
import com.oauthconfig.contracts.config.OAuthConfigChangedEvent;
import com.oauthconfig.contracts.config.OAuthConfigChangedEvent.ChangeType;
import com.oauthconfig.contracts.testing.ContractSamples;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The consumer base's rules without a broker: what a record must look like, and version order. */
class ConfigEventConsumerBaseTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private static final ConfigEventConsumerBase<Void> CONSUMER = new ConfigEventConsumerBase<>("test", "test.events", null, JSON,
            new SimpleMeterRegistry(), 1, Duration.ofMillis(10)) {
        @Override
        protected String lockStateSql() {
            return "select org_id, last_version, removed from test_state where config_id = $1 for update";
        }

        @Override
        protected Object stateKey(OAuthConfigChangedEvent event) {
            return event.configId();
        }

        @Override
        protected Uni<Void> applyInOrder(SqlConnection tx, OAuthConfigChangedEvent event, Known known) {
            return Uni.createFrom().voidItem();
        }
    };

    private final OAuthConfigChangedEvent event = ContractSamples.configEvent("org-1", UUID.randomUUID(), 3, ChangeType.UPDATED);

    private CloudEventHeaders.Attributes headers(UnaryOperator<CloudEventHeaders.Attributes> change) {
        return change.apply(new CloudEventHeaders.Attributes(event.eventId().toString(), "/config-service",
                "oauthconfig.config.updated", event.configId().toString(), Instant.now(),
                "http://config-service:8081/api/schemas/oauth-config-event"));
    }

    private OAuthConfigChangedEvent read(CloudEventHeaders.Attributes headers) throws Exception {
        return CONSUMER.read(JSON.writeValueAsString(event), Optional.ofNullable(headers));
    }

    @Test
    void aRecordWhoseHeadersDescribeItsValueIsRead() throws Exception {
        assertEquals(event, read(headers(h -> h)));
    }

    @Test
    void aRecordWithoutCloudEventsHeadersIsPoison() {
        assertThrows(IllegalArgumentException.class, () -> read(null));
    }

    @Test
    void everyHeaderThatContradictsTheValueMakesThePoison() {
        for (UnaryOperator<CloudEventHeaders.Attributes> wrong : java.util.List.<UnaryOperator<CloudEventHeaders.Attributes>>of(
                h -> new CloudEventHeaders.Attributes(UUID.randomUUID().toString(), h.source(), h.type(), h.subject(), h.time(), h.dataSchema()),
                h -> new CloudEventHeaders.Attributes(h.id(), "/elsewhere", h.type(), h.subject(), h.time(), h.dataSchema()),
                h -> new CloudEventHeaders.Attributes(h.id(), h.source(), "oauthconfig.config.removed", h.subject(), h.time(), h.dataSchema()),
                h -> new CloudEventHeaders.Attributes(h.id(), h.source(), h.type(), UUID.randomUUID().toString(), h.time(), h.dataSchema()),
                h -> new CloudEventHeaders.Attributes(h.id(), h.source(), h.type(), h.subject(), h.time(), "urn:other:schema"),
                h -> new CloudEventHeaders.Attributes(h.id(), h.source(), h.type(), h.subject(), h.time(), null))) {
            CloudEventHeaders.Attributes h = headers(wrong);
            assertThrows(IllegalArgumentException.class, () -> read(h), h.toString());
        }
    }

    @Test
    void aValueThatIsNotTheContractIsPoison() {
        CloudEventHeaders.Attributes h = headers(x -> x);
        for (String value : new String[]{"", "not json", "{}", "[1]", "{\"eventId\":\"" + event.eventId() + "\"}"}) {
            assertThrows(IllegalArgumentException.class, () -> CONSUMER.read(value, Optional.of(h)), value);
        }
    }

    @Test
    void versionOrderAppliesOnlyNewerEventsNothingAfterARemovalAndNothingOfAnotherOrganisation() {
        assertTrue(ConfigEventConsumerBase.inOrder(null, event));
        assertTrue(ConfigEventConsumerBase.inOrder(new Known("org-1", 2, false), event));
        assertFalse(ConfigEventConsumerBase.inOrder(new Known("org-1", 3, false), event));
        assertFalse(ConfigEventConsumerBase.inOrder(new Known("org-1", 4, false), event));
        assertFalse(ConfigEventConsumerBase.inOrder(new Known("org-2", 1, false), event));
        assertFalse(ConfigEventConsumerBase.inOrder(new Known("org-1", 1, true), event));
        OAuthConfigChangedEvent removal = ContractSamples.configEvent("org-1", event.configId(), 2, ChangeType.REMOVED);
        assertTrue(ConfigEventConsumerBase.inOrder(new Known("org-1", 5, false), removal), "a late removal still applies");
        assertFalse(ConfigEventConsumerBase.inOrder(new Known("org-1", 5, true), removal));
    }

    @Test
    void onlyTheEventOfTheVersionLastAppliedIsARedeliveryAndARemovalOnlyOnceRemoved() {
        assertFalse(ConfigEventConsumerBase.redelivered(null, event), "a first event");
        assertTrue(ConfigEventConsumerBase.redelivered(new Known("org-1", 3, false), event));
        assertFalse(ConfigEventConsumerBase.redelivered(new Known("org-1", 2, false), event), "newer: applies");
        assertFalse(ConfigEventConsumerBase.redelivered(new Known("org-1", 4, false), event), "older: stale");
        assertFalse(ConfigEventConsumerBase.redelivered(new Known("org-2", 3, false), event), "another organisation's");
        OAuthConfigChangedEvent removal = ContractSamples.configEvent("org-1", event.configId(), 5, ChangeType.REMOVED);
        assertTrue(ConfigEventConsumerBase.redelivered(new Known("org-1", 5, true), removal));
        assertFalse(ConfigEventConsumerBase.redelivered(new Known("org-1", 5, false), removal), "a removal not yet recorded applies");
    }
}
