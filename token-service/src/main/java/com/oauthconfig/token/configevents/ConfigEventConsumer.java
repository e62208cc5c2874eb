package com.oauthconfig.token.configevents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.oauthconfig.common.events.CloudEventHeaders;
import com.oauthconfig.token.config.TokenServiceConfig;
import com.oauthconfig.token.peers.OAuthConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Optional;

/**
 * Consumes oauth-config-events (consumer group token-service). A record is acknowledged only after
 * its transaction committed (offsets are committed up to acknowledged records), so a crash means
 * redelivery, which the processed-event ids make harmless. An unreadable record (poison) is
 * nacked at once and goes to the dead-letter topic, so the partition moves on; a readable event
 * that cannot be applied (database away) is retried with backoff before it is dead-lettered.
 * Counter {@code token.config.events} (tag {@code outcome}) counts what happened.
 */
@ApplicationScoped
public class ConfigEventConsumer {

    private static final Logger LOG = Logger.getLogger(ConfigEventConsumer.class);
    static final String TYPE_PREFIX = "oauthconfig.config.";

    private final ConfigChangeService service;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    private final TokenServiceConfig settings;

    public ConfigEventConsumer(ConfigChangeService service, ObjectMapper json, MeterRegistry meters, TokenServiceConfig settings) {
        this.service = service;
        this.json = json;
        this.meters = meters;
        this.settings = settings;
    }

    @Incoming("oauth-config-events")
    public Uni<Void> consume(Message<String> message) {
        ConfigChange event;
        try {
            event = change(read(message));
        } catch (RuntimeException e) {
            LOG.warnf("unreadable record on oauth-config-events sent to the dead-letter topic: %s", e.getMessage());
            count("poison");
            return Uni.createFrom().completionStage(message.nack(e));
        }
        int attempts = Math.max(1, settings.events().maxAttempts());
        return Uni.createFrom().deferred(() -> service.apply(event))
                .onFailure().invoke(e -> {
                    count("failed-attempt");
                    LOG.debugf("event %s not applied yet: %s", event.eventId(), e.getClass().getSimpleName());
                })
                .onFailure().retry().withBackOff(Duration.ofMillis(100), settings.events().maxBackoff()).atMost(attempts - 1)
                .onItemOrFailure().transformToUni((outcome, failure) -> {
                    if (failure != null) {
                        LOG.errorf("event %s could not be applied after %d attempts; sent to the dead-letter topic: %s",
                                event.eventId(), attempts, failure.getClass().getSimpleName());
                        count("dead-lettered");
                        return Uni.createFrom().completionStage(message.nack(failure));
                    }
                    count(outcome.name().toLowerCase());
                    return Uni.createFrom().completionStage(message.ack());
                });
    }

    private void count(String outcome) {
        meters.counter("token.config.events", "outcome", outcome).increment();
    }

    /** The record as the logic acts on it; the carried config is read leniently (unreadable: none). */
    private ConfigChange change(ConfigChangedEvent e) {
        Optional<OAuthConfig> carried = Optional.empty();
        if (e.config() != null && !e.config().isNull()) {
            try {
                carried = Optional.of(json.treeToValue(e.config(), OAuthConfig.class));
            } catch (JsonProcessingException | IllegalArgumentException ex) {
                carried = Optional.empty();
            }
        }
        return new ConfigChange(e.eventId(), e.orgId(), e.configId(), e.version(),
                ConfigChange.Kind.valueOf(e.changeType().name()), e.changesConsent(), e.configText("title"),
                e.configText("issuer"), carried);
    }

    private ConfigChangedEvent read(Message<String> message) {
        String payload = message.getPayload();
        if (payload == null || payload.isBlank()) {
            throw new IllegalArgumentException("empty value");
        }
        ConfigChangedEvent e;
        try {
            e = json.readValue(payload, ConfigChangedEvent.class);
        } catch (JsonProcessingException ex) {
            throw new IllegalArgumentException("value is not a config event: " + ex.getOriginalMessage());
        }
        if (e.eventId() == null || e.orgId() == null || e.orgId().isBlank() || e.configId() == null
                || e.configId().isBlank() || e.version() == null || e.changeType() == null) {
            throw new IllegalArgumentException("eventId, orgId, configId, version and changeType are required");
        }
        Optional<CloudEventHeaders.Attributes> ce = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .flatMap(m -> CloudEventHeaders.read(m.getHeaders()));
        if (ce.isPresent()) {
            // The envelope and the value must describe the same event; a mismatch is a producer bug, not data to act on.
            if (!ce.get().id().equals(e.eventId().toString())) {
                throw new IllegalArgumentException("ce_id differs from the value's eventId");
            }
            if (!ce.get().type().equals(TYPE_PREFIX + e.changeType().name().toLowerCase())) {
                throw new IllegalArgumentException("ce_type " + ce.get().type() + " does not match changeType " + e.changeType());
            }
        }
        return e;
    }
}
