package com.oauthconfig.alias.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.oauthconfig.alias.config.AliasServiceConfig;
import com.oauthconfig.alias.service.ConfigEventService;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Consumes oauth-config-events. A record is acknowledged only after its database transaction
 * committed, and the connector commits offsets only up to acknowledged records, so a crash
 * mid-batch means redelivery (made harmless by the processed-event ids), never loss.
 * A record that cannot be read (poison) is nacked at once: the connector's failure strategy sends
 * it to the dead-letter topic and the partition moves on. A failure to apply a readable event is
 * usually the database being away, which every following record would hit too, so it is retried
 * with backoff for minutes (holding the partition) before the record is dead-lettered.
 * Counter {@code alias.config.events} (tag {@code outcome}) shows what happened to each attempt.
 */
@ApplicationScoped
public class ConfigEventConsumer {

    private static final Logger LOG = Logger.getLogger(ConfigEventConsumer.class);

    private final ConfigEventService service;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    private final int maxAttempts;
    private final Duration maxBackoff;

    public ConfigEventConsumer(ConfigEventService service, ObjectMapper json, MeterRegistry meters, AliasServiceConfig config) {
        this.service = service;
        this.json = json;
        this.meters = meters;
        this.maxAttempts = config.consumer().maxAttempts();
        this.maxBackoff = config.consumer().maxBackoff();
    }

    private void count(String outcome) {
        meters.counter("alias.config.events", "outcome", outcome).increment();
    }

    @Incoming("oauth-config-events")
    public Uni<Void> consume(Message<String> message) {
        ConfigChangedEvent event;
        try {
            event = read(message.getPayload());
        } catch (RuntimeException e) {
            LOG.warnf("unreadable record on oauth-config-events sent to the dead-letter topic: %s", e.getMessage());
            count("poison");
            return Uni.createFrom().completionStage(message.nack(e));
        }
        return Uni.createFrom().deferred(() -> service.apply(event))
                .onFailure().invoke(e -> {
                    count("failed-attempt");
                    LOG.debugf("event %s not applied yet: %s", event.eventId(), e.getMessage());
                })
                .onFailure().retry().withBackOff(Duration.ofMillis(100), maxBackoff).atMost(Math.max(0, maxAttempts - 1))
                .onItemOrFailure().transformToUni((outcome, failure) -> {
                    if (failure != null) {
                        LOG.errorf("event %s could not be applied after %d attempts; sent to the dead-letter topic: %s",
                                event.eventId(), maxAttempts, failure.getMessage());
                        count("dead-lettered");
                        return Uni.createFrom().completionStage(message.nack(failure));
                    }
                    LOG.debugf("event %s (%s v%d of %s): %s", event.eventId(), event.changeType(), event.version(), event.configId(), outcome);
                    count(outcome.name().toLowerCase());
                    return Uni.createFrom().completionStage(message.ack());
                });
    }

    private ConfigChangedEvent read(String payload) {
        if (payload == null || payload.isBlank()) {
            throw new IllegalArgumentException("empty value");
        }
        ConfigChangedEvent e;
        try {
            e = json.readValue(payload, ConfigChangedEvent.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalArgumentException("value is not a config event: " + ex.getOriginalMessage());
        }
        if (e.eventId() == null || e.orgId() == null || e.orgId().isBlank() || e.configId() == null
                || e.version() == null || e.changeType() == null) {
            throw new IllegalArgumentException("eventId, orgId, configId, version and changeType are required");
        }
        return e;
    }
}
