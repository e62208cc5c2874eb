package com.oauthconfig.token.configevents;

import com.oauthconfig.common.crypto.EnvelopeCipher;
import com.oauthconfig.common.events.ConfigEventConsumerBase;
import com.oauthconfig.token.store.Hashes;
import com.oauthconfig.token.store.TokenRow;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The database side of a config event, inside the transaction common's consumer base opens
 * (which has already marked the event id processed and decided the event is in version order):
 * the per-config state (last version, removal, title) and the token changes.
 */
@ApplicationScoped
public class ConfigChangeWriter {

    /** Tokens taken out of the store, opened so they can be revoked at the provider after commit. Never logged. */
    public record DroppedTokens(String userId, String refreshToken, String accessToken) {
        @Override
        public String toString() {
            return "DroppedTokens[" + Hashes.userRef(userId) + "]";
        }
    }

    /** What applying an event took out of the store. */
    public record Written(List<DroppedTokens> dropped) {
        static final Written NOTHING = new Written(List.of());
    }

    private final ConfigStateRepository states;
    private final EnvelopeCipher cipher;

    public ConfigChangeWriter(ConfigStateRepository states, EnvelopeCipher cipher) {
        this.states = states;
        this.cipher = cipher;
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
                    return takeTokens(event, true);
                }
                if (event.consentChanged()) {
                    return takeTokens(event, false);
                }
                return Uni.createFrom().item(Written.NOTHING);
            });
        });
    }

    /**
     * Locks and opens the config's live tokens, then deletes them (removal) or marks them as needing
     * consent again; pending sign-ins started for the config's old shape are dropped too.
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
                                    // A removal ends every pending sign-in; a consent change only those started under an older
                                    // version (one begun after the admin's change already asks for the new consent).
                                    .chain(n -> session.createNativeQuery("delete from auth_state where org_id = :org "
                                                    + "and config_id = :config and config_version < :before")
                                            .setParameter("org", org).setParameter("config", config)
                                            .setParameter("before", delete ? Long.MAX_VALUE : event.version()).executeUpdate())
                                    .replaceWith(new Written(dropped));
                        }));
    }
}
