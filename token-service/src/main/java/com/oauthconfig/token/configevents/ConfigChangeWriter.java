package com.oauthconfig.token.configevents;

import com.oauthconfig.common.events.ConfigEventConsumerBase;
import com.oauthconfig.token.config.TokenServiceConfig;
import com.oauthconfig.token.peers.Consent;
import com.oauthconfig.token.revocation.RevocationJobs;
import com.oauthconfig.token.store.TokenRow;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Optional;

/**
 * The database side of a config event, inside the SQL client transaction common's consumer base opens
 * (which has already locked the config's state row and decided the event is in version order):
 * the per-config state (last version, removal, title) and the token changes.
 */
@ApplicationScoped
public class ConfigChangeWriter {

    /** How many token sets applying an event queued for revocation at the provider. */
    public record Written(int revocationJobs) {
        static final Written NOTHING = new Written(0);
    }

    private final Duration graceWindow;

    public ConfigChangeWriter(TokenServiceConfig settings) {
        this.graceWindow = settings.revocation().graceWindow();
    }

    /** Records an event that is in version order and takes the tokens it invalidates. */
    public Uni<Written> applyInOrder(SqlConnection tx, ConfigChange event, ConfigEventConsumerBase.Known known) {
        Uni<Void> version = recordVersion(tx, event, known);
        if (event.removal()) {
            return retireTokens(tx, event, version, true, null);
        }
        if (event.consentChanged()) {
            // The changed fields name issuer, client, scopes or audience: every live token goes.
            return retireTokens(tx, event, version, false, null);
        }
        if (event.providerChanged()) {
            // Otherwise the tokens issued under another fingerprint than the new config's (an endpoint's origin
            // moved). Only at an update of a provider field: the config-service keeps the copy of the config
            // these tokens are revoked with for no other update. A token of another fingerprint meanwhile
            // (issued before fingerprints named endpoint origins) is refused at use until then.
            Optional<String> fingerprint = event.carried().map(Consent::fingerprint);
            if (fingerprint.isPresent()) {
                return retireTokens(tx, event, version, false, fingerprint.get());
            }
        }
        return version.replaceWith(Written.NOTHING);
    }

    /**
     * The state row: inserted for a config's first event (a second consumer instance racing on the
     * same first event fails on the key and retries, then finds the row), otherwise updated under
     * the lock common's consumer base took. An event without a title keeps the title known.
     */
    private static Uni<Void> recordVersion(SqlConnection tx, ConfigChange event, ConfigEventConsumerBase.Known known) {
        Tuple values = Tuple.from(Arrays.asList(event.configId(), event.orgId(), event.title(), event.version(), event.removal(),
                Instant.now().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC)));
        String sql = known == null
                ? "insert into config_state (config_id, org_id, title, last_version, removed, updated_at) values ($1, $2, $3, $4, $5, $6)"
                : "update config_state set org_id = $2, title = coalesce($3, title), last_version = greatest(last_version, $4), "
                  + "removed = $5, updated_at = $6 where config_id = $1";
        return tx.preparedQuery(sql).execute(values).replaceWithVoid();
    }

    /**
     * With the state write {@code version}: queues the config's live tokens for revocation at the
     * provider that issued them (same transaction, rows locked), then deletes them (removal) or marks
     * them as needing consent again; pending sign-ins started for the config's old shape are dropped
     * too. {@code keepFingerprint} non-null: only tokens and sign-ins of another consent fingerprint
     * are touched. The four statements are sent together (one round trip): the client pipelines them
     * and PostgreSQL runs them in this order, so the jobs copy the tokens before they change, and a
     * failure of one is reported before the aborted transaction's errors of those after it.
     */
    private Uni<Written> retireTokens(SqlConnection tx, ConfigChange event, Uni<Void> version, boolean delete, String keepFingerprint) {
        String org = event.orgId();
        String config = event.configId();
        String only = keepFingerprint == null ? "" : " and consent_fingerprint <> $3";
        String change = delete
                ? "delete from user_token where org_id = $1 and config_id = $2"
                : "update user_token set status = 'REAUTH_REQUIRED', status_reason = '" + TokenRow.CONSENT_REQUIRED_REASON
                  + "', access_token_sealed = null, refresh_token_sealed = null, access_expires_at = null, "
                  + "updated_at = now() where org_id = $1 and config_id = $2 and status = 'ACTIVE'" + only;
        // A removal ends every pending sign-in; a consent change only those started under an older
        // version for another fingerprint (one begun after the admin's change already asks for the new consent).
        String signIns = delete
                ? "delete from auth_state where org_id = $1 and config_id = $2"
                : "delete from auth_state where org_id = $1 and config_id = $2 and config_version < $" + (only.isEmpty() ? 3 : 4) + only;
        Tuple tokenValues = keepFingerprint == null ? Tuple.of(org, config) : Tuple.of(org, config, keepFingerprint);
        Tuple signInValues = delete ? Tuple.of(org, config)
                : keepFingerprint == null ? Tuple.of(org, config, event.version())
                : Tuple.of(org, config, keepFingerprint, event.version());
        return Uni.combine().all().unis(version,
                        RevocationJobs.enqueue(tx, org, config, event.version(), keepFingerprint, graceWindow),
                        tx.preparedQuery(change).execute(tokenValues),
                        tx.preparedQuery(signIns).execute(signInValues))
                .with((stored, jobs, tokens, pending) -> new Written(jobs));
    }
}
