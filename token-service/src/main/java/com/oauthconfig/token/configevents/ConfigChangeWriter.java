package com.oauthconfig.token.configevents;

import com.oauthconfig.common.events.ConfigEventConsumerBase;
import com.oauthconfig.token.config.TokenServiceConfig;
import com.oauthconfig.token.peers.Consent;
import com.oauthconfig.token.revocation.RevocationJobs;
import com.oauthconfig.token.store.TokenRow;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The database side of a config event, inside the transaction common's consumer base opens
 * (which has already marked the event id processed and decided the event is in version order):
 * the per-config state (last version, removal, title) and the token changes.
 */
@ApplicationScoped
public class ConfigChangeWriter {

    /** How many token sets applying an event queued for revocation at the provider. */
    public record Written(int revocationJobs) {
        static final Written NOTHING = new Written(0);
    }

    private final ConfigStateRepository states;
    private final Duration graceWindow;

    public ConfigChangeWriter(ConfigStateRepository states, TokenServiceConfig settings) {
        this.states = states;
        this.graceWindow = settings.revocation().graceWindow();
    }

    /** The config's state, its row locked for the transaction (serialises consumer instances); null before its first event. */
    public Uni<ConfigEventConsumerBase.Known> lockState(String configId) {
        return states.lockById(configId).map(s -> s == null ? null
                : new ConfigEventConsumerBase.Known(s.orgId, s.lastVersion, s.removed));
    }

    /** Records an event that is in version order and takes the tokens it invalidates. */
    public Uni<Written> applyInOrder(ConfigChange event) {
        boolean removal = event.removal();
        // Already in the session, locked, when the config was seen before.
        return states.findById(event.configId()).chain(state -> {
            ConfigState s = state != null ? state : new ConfigState();
            s.configId = event.configId();
            s.orgId = event.orgId();
            s.lastVersion = Math.max(state == null ? 0 : state.lastVersion, event.version());
            if (event.title() != null) {
                s.title = event.title();
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
                    Optional<String> fingerprint = event.carried().map(Consent::fingerprint);
                    if (fingerprint.isPresent()) {
                        return retireTokens(event, false, fingerprint.get());
                    }
                }
                return Uni.createFrom().item(Written.NOTHING);
            });
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
                            .replaceWith(new Written(jobs));
                }));
    }

    private static <Q extends Mutiny.AbstractQuery> Q withFingerprint(Q query, String only, String fingerprint) {
        if (!only.isEmpty()) {
            query.setParameter("fingerprint", fingerprint);
        }
        return query;
    }
}
