package com.oauthconfig.alias.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.oauthconfig.alias.config.AliasServiceConfig;
import com.oauthconfig.alias.service.ConfigEventService;
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
 * A record that cannot be read (poison) or keeps failing is nacked: the connector's failure
 * strategy sends it to the dead-letter topic and the partition moves on.
 */
@ApplicationScoped
public class ConfigEventConsumer {

    private static final Logger LOG = Logger.getLogger(ConfigEventConsumer.class);

    private final ConfigEventService service;
    private final ObjectMapper json;
    private final int maxAttempts;

    public ConfigEventConsumer(ConfigEventService service, ObjectMapper json, AliasServiceConfig config) {
        this.service = service;
        this.json = json;
        this.maxAttempts = config.consumer().maxAttempts();
    }

    @Incoming("oauth-config-events")
    public Uni<Void> consume(Message<String> message) {
        ConfigChangedEvent event;
        try {
            event = read(message.getPayload());
        } catch (RuntimeException e) {
            LOG.warnf("unreadable record on oauth-config-events sent to the dead-letter topic: %s", e.getMessage());
            return Uni.createFrom().completionStage(message.nack(e));
        }
        return Uni.createFrom().deferred(() -> service.apply(event))
                // Transient failures (database restarting, lock timeouts) are retried before giving up.
                .onFailure().retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(2)).atMost(Math.max(0, maxAttempts - 1))
                .onItemOrFailure().transformToUni((outcome, failure) -> {
                    if (failure != null) {
                        LOG.errorf("event %s could not be applied after %d attempts; sent to the dead-letter topic: %s",
                                event.eventId(), maxAttempts, failure.getMessage());
                        return Uni.createFrom().completionStage(message.nack(failure));
                    }
                    LOG.debugf("event %s (%s v%d of %s): %s", event.eventId(), event.changeType(), event.version(), event.configId(), outcome);
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
