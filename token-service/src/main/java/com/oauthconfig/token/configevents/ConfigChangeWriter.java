package com.oauthconfig.token.configevents;

import com.oauthconfig.common.outbox.ProcessedEvents;
import com.oauthconfig.token.config.TokenServiceConfig;
import com.oauthconfig.token.peers.OAuthConfig;
import com.oauthconfig.token.revocation.RevocationJobs;
import com.oauthconfig.token.store.TokenRow;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

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

    /** What applying an event did, and how many token sets it queued for revocation at the provider. */
    public record Written(Outcome outcome, int revocationJobs) {
        static Written of(Outcome outcome) {
            return new Written(outcome, 0);
        }
    }

    private final ProcessedEvents processed;
    private final ConfigStateRepository states;
    private final String consumer;
    private final Duration graceWindow;

    public ConfigChangeWriter(ProcessedEvents processed, ConfigStateRepository states, TokenServiceConfig settings) {
        this.processed = processed;
        this.states = states;
        this.consumer = settings.events().consumer();
        this.graceWindow = settings.revocation().graceWindow();
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
                return retireTokens(event, true, null);
            }
            if (event.consentChanged()) {
                // The changed fields name issuer, client, scopes or audience: every live token goes.
                return retireTokens(event, false, null);
            }
            if (event.kind() == ConfigChange.Kind.UPDATED) {
                // Otherwise the tokens issued under another fingerprint than the new config's (an endpoint's origin moved).
                Optional<String> fingerprint = event.carried().map(OAuthConfig::consentFingerprint);
                if (fingerprint.isPresent()) {
                    return retireTokens(event, false, fingerprint.get());
                }
            }
            return Uni.createFrom().item(Written.of(Outcome.APPLIED));
        });
    }

    /**
     * Queues the config's live tokens for revocation at the provider that issued them (same
     * transaction, rows locked), then deletes them (removal) or marks them as needing consent again;
     * pending sign-ins started for the config's old shape are dropped too. {@code keepFingerprint}
     * non-null: only tokens and sign-ins of another consent fingerprint are touched.
     */
    private Uni<Written> retireTokens(ConfigChange event, boolean delete, String keepFingerprint) {
        String org = event.orgId();
        String config = event.configId();
        String only = keepFingerprint == null ? "" : " and consent_fingerprint <> :fingerprint";
        return Panache.getSession().chain(session -> RevocationJobs.enqueue(session, org, config, event.version(), keepFingerprint,
                        graceWindow)
                .chain(jobs -> {
                    String change = delete
                            ? "delete from user_token where org_id = :org and config_id = :config"
                            : "update user_token set status = 'REAUTH_REQUIRED', status_reason = '" + TokenRow.CONSENT_REQUIRED_REASON
                            + "', access_token_sealed = null, refresh_token_sealed = null, access_expires_at = null, "
                            + "updated_at = now() where org_id = :org and config_id = :config and status = 'ACTIVE'" + only;
                    return withFingerprint(session.createNativeQuery(change).setParameter("org", org).setParameter("config", config),
                            only, keepFingerprint).executeUpdate()
                            // A removal ends every pending sign-in; a consent change only those started under an older
                            // version for another fingerprint (one begun after the admin's change already asks for the new consent).
                            .chain(n -> withFingerprint(session.createNativeQuery("delete from auth_state where org_id = :org "
                                            + "and config_id = :config and config_version < :before" + (delete ? "" : only))
                                    .setParameter("org", org).setParameter("config", config)
                                    .setParameter("before", delete ? Long.MAX_VALUE : event.version()), delete ? "" : only, keepFingerprint)
                                    .executeUpdate())
                            .replaceWith(new Written(Outcome.APPLIED, jobs));
                }));
    }

    private static <Q extends Mutiny.AbstractQuery> Q withFingerprint(Q query, String only, String fingerprint) {
        if (!only.isEmpty()) {
            query.setParameter("fingerprint", fingerprint);
        }
        return query;
    }
}
