package com.oauthconfig.token.configevents;

import com.oauthconfig.common.crypto.EnvelopeCipher;
import com.oauthconfig.common.outbox.ProcessedEvents;
import com.oauthconfig.token.config.TokenServiceConfig;
import com.oauthconfig.token.store.Hashes;
import com.oauthconfig.token.store.TokenRow;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The database side of a config event, in ONE transaction: the processed-event mark (common's
 * ProcessedEvents), the per-config version state and the token changes. Monotonic per config:
 * an event at or below the last version applied changes nothing, and nothing follows a removal.
 */
@ApplicationScoped
public class ConfigChangeWriter {

    private static final Logger LOG = Logger.getLogger(ConfigChangeWriter.class);

    /** What applying an event did. */
    public enum Outcome {
        /** The event id was processed before (redelivery). */
        DUPLICATE,
        /** Older than (or equal to) the last version applied, or after the removal: ignored. */
        STALE,
        /** Applied. */
        APPLIED
    }

    /** Tokens taken out of the store, opened so they can be revoked at the provider after commit. Never logged. */
    public record DroppedTokens(String userId, String refreshToken, String accessToken) {
        @Override
        public String toString() {
            return "DroppedTokens[" + Hashes.userRef(userId) + "]";
        }
    }

    public record Written(Outcome outcome, List<DroppedTokens> dropped) {
        static Written of(Outcome outcome) {
            return new Written(outcome, List.of());
        }
    }

    private final ProcessedEvents processed;
    private final ConfigStateRepository states;
    private final EnvelopeCipher cipher;
    private final String consumer;

    public ConfigChangeWriter(ProcessedEvents processed, ConfigStateRepository states, EnvelopeCipher cipher,
                             TokenServiceConfig settings) {
        this.processed = processed;
        this.states = states;
        this.cipher = cipher;
        this.consumer = settings.events().consumer();
    }

    @WithTransaction
    public Uni<Written> write(ConfigChange event) {
        return processed.markProcessed(consumer, event.eventId()).chain(first -> {
            if (!first) {
                return Uni.createFrom().item(Written.of(Outcome.DUPLICATE));
            }
            // The row lock serialises the events of one config across consumer instances.
            return states.lockById(event.configId()).chain(state -> advance(state, event));
        });
    }

    private Uni<Written> advance(ConfigState state, ConfigChange event) {
        boolean removal = event.removal();
        if (state != null) {
            if (!state.orgId.equals(event.orgId())) {
                LOG.warnf("event %s names organisation %s for config %s of another organisation; ignored",
                        event.eventId(), event.orgId(), event.configId());
                return Uni.createFrom().item(Written.of(Outcome.STALE));
            }
            // A removal is final; a removal always applies (it only takes tokens away), other events only when newer.
            if (state.removed || (!removal && event.version() <= state.lastVersion)) {
                return Uni.createFrom().item(Written.of(Outcome.STALE));
            }
        }
        ConfigState s = state != null ? state : new ConfigState();
        s.configId = event.configId();
        s.orgId = event.orgId();
        s.lastVersion = Math.max(state == null ? 0 : state.lastVersion, event.version());
        String title = event.title();
        if (title != null) {
            s.title = title;
        }
        s.removed = removal;
        s.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Uni<?> stored = state == null ? states.persist(s) : Uni.createFrom().item(s);
        return stored.chain(x -> {
            if (removal) {
                return takeTokens(event, true);
            }
            if (event.consentChanged()) {
                return takeTokens(event, false);
            }
            return Uni.createFrom().item(Written.of(Outcome.APPLIED));
        });
    }

    /**
     * Locks and opens the config's live tokens, then deletes them (removal) or marks them as needing
     * consent again; pending sign-ins of the config are dropped too (they were started for its old shape).
     */
    private Uni<Written> takeTokens(ConfigChange event, boolean delete) {
        String org = event.orgId();
        String config = event.configId();
        return Panache.getSession().chain(session -> session.createNativeQuery(
                                "select user_id, refresh_token_sealed, access_token_sealed from user_token "
                                        + "where org_id = :org and config_id = :config and status = 'ACTIVE' for update", Object[].class)
                        .setParameter("org", org).setParameter("config", config).getResultList()
                        .chain(rows -> {
                            List<DroppedTokens> dropped = new ArrayList<>();
                            for (Object[] r : rows) {
                                String user = (String) r[0];
                                String context = TokenRow.context(org, config, user);
                                dropped.add(new DroppedTokens(user, r[1] == null ? null : cipher.open((String) r[1], context),
                                        r[2] == null ? null : cipher.open((String) r[2], context)));
                            }
                            String change = delete
                                    ? "delete from user_token where org_id = :org and config_id = :config"
                                    : "update user_token set status = 'REAUTH_REQUIRED', status_reason = '" + TokenRow.CONSENT_REQUIRED_REASON
                                    + "', access_token_sealed = null, refresh_token_sealed = null, access_expires_at = null, "
                                    + "updated_at = now() where org_id = :org and config_id = :config and status = 'ACTIVE'";
                            return session.createNativeQuery(change).setParameter("org", org).setParameter("config", config)
                                    .executeUpdate()
                                    .chain(n -> session.createNativeQuery("delete from auth_state where org_id = :org and config_id = :config")
                                            .setParameter("org", org).setParameter("config", config).executeUpdate())
                                    .replaceWith(new Written(Outcome.APPLIED, dropped));
                        }));
    }
}
