package com.oauthconfig.config.service;

import com.oauthconfig.common.crypto.EnvelopeCipher;
import com.oauthconfig.common.problem.Problems;
import com.oauthconfig.common.sql.PipelinedTransaction;
import com.oauthconfig.config.event.ConfigEventPublisher;
import com.oauthconfig.config.repository.OAuthConfigEntity;
import com.oauthconfig.config.repository.OAuthConfigRows;
import com.oauthconfig.config.rest.OAuthConfigMapper;
import com.oauthconfig.config.rest.OAuthConfigResponse;
import com.oauthconfig.contracts.config.OAuthConfigChangedEvent;
import com.oauthconfig.contracts.config.OAuthConfigChangedEvent.ChangeType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * The transactions that change configurations. Each one writes the record, its audit entry and
 * its outbox event together, and increments the version by exactly one under a row lock (so
 * concurrent writers serialise and a stale If-Match is detected reliably). They run on the plain
 * reactive SQL client ({@link OAuthConfigRows}); the API's reads stay on Hibernate.
 */
@ApplicationScoped
public class OAuthConfigWriter {

    private static final String TITLE_INDEX = "uq_oauth_config_org_title";

    private final Pool pool;
    private final AuditService audit;
    private final ConfigEventPublisher events;
    private final EnvelopeCipher cipher;
    private final RetiredConfigService retired;

    public OAuthConfigWriter(Pool pool, AuditService audit, ConfigEventPublisher events,
                             EnvelopeCipher cipher, RetiredConfigService retired) {
        this.pool = pool;
        this.audit = audit;
        this.events = events;
        this.cipher = cipher;
        this.retired = retired;
    }

    /**
     * Inserts a new configuration with its audit entry and event. A taken title is the unique
     * index's answer to the insert, not a read before it: the insert is the transaction's first
     * statement, so nothing else is undone, and a create costs one round trip less.
     */
    public Uni<Saved> create(String orgId, ConfigDraft draft, SecretChange secret, String actor) {
        return Uni.createFrom().deferred(() -> {
            Instant now = now();
            OAuthConfigEntity e = new OAuthConfigEntity();
            e.id = UUID.randomUUID();
            e.orgId = orgId;
            e.version = 1;
            e.createdBy = actor;
            e.createdAt = now;
            e.updatedBy = actor;
            e.updatedAt = now;
            apply(e, draft);
            boolean secretSet = secret.kind() == SecretChange.Kind.SET;
            e.clientSecretSealed = secretSet ? cipher.seal(secret.value(), e.secretContext()) : null;
            OAuthConfigResponse after = OAuthConfigMapper.toResponse(e);
            AuditService.Diff diff = audit.diff(null, after, secretSet);
            return PipelinedTransaction.run(pool, tx -> pipelined(
                            OAuthConfigRows.insert(tx, e)
                                    .onFailure(OAuthConfigWriter::isTitleViolation).transform(f -> titleTaken(draft.title())),
                            audit.record(tx, orgId, e.id, e.version, "CREATED", actor, diff.changes()),
                            events.publish(tx, ChangeType.CREATED, e, diff.changedFields()))
                    .chain(() -> warnings(tx, e))
                    .map(w -> new Saved(e, w)));
        });
    }

    /**
     * Changes the record when it is still at {@code expectedVersion} (null: any); 412 otherwise.
     * The row is read once, locked; {@code prepare} turns that copy into the validated change (it
     * may call out, e.g. to the issuer, while the lock is held, and reads in the same transaction). A
     * write that changes nothing keeps the version and publishes nothing.
     */
    public Uni<Saved> update(String orgId, UUID id, Long expectedVersion,
                             BiFunction<SqlConnection, OAuthConfigEntity, Uni<OAuthConfigService.Change>> prepare, String actor) {
        return PipelinedTransaction.run(pool, tx -> OAuthConfigRows.lock(tx, orgId, id).chain(e -> {
            if (e == null) {
                return Uni.createFrom().failure(Problems.notFound("OAuth configuration"));
            }
            if (expectedVersion != null && e.version != expectedVersion) {
                return Uni.createFrom().failure(stale(e.version, expectedVersion));
            }
            return prepare.apply(tx, e).chain(change -> write(tx, e, change.draft(), change.secret(), actor));
        }));
    }

    private Uni<Saved> write(SqlConnection tx, OAuthConfigEntity e, ConfigDraft draft, SecretChange secret, String actor) {
        // The unique index decides in the end; asking first only gives the usual 409 before any change.
        Uni<Boolean> titleFree = sameTitle(e.title, draft.title()) ? Uni.createFrom().item(true)
                : OAuthConfigRows.titleTakenByAnother(tx, e.orgId, draft.title(), e.id).map(taken -> !taken);
        return titleFree.chain(free -> {
            if (!free) {
                return Uni.createFrom().failure(titleTaken(draft.title()));
            }
            if (secret.kind() == SecretChange.Kind.KEEP && e.clientSecretSealed != null && ProviderOrigins.moved(e, draft)) {
                // Whoever moves the provider must know the secret: it is never handed to a new origin on its own.
                return Uni.createFrom().failure(Problems.invalid("clientSecret",
                        "must be given again when the issuer or the origin of an endpoint changes"));
            }
            OAuthConfigResponse before = OAuthConfigMapper.toResponse(e);
            RetiredConfigService.Snapshot snapshot = RetiredConfigService.Snapshot.of(e);
            apply(e, draft);
            boolean secretChanged = switch (secret.kind()) {
                case KEEP -> false;
                case CLEAR -> e.clientSecretSealed != null;
                case SET -> true;
            };
            if (secret.kind() == SecretChange.Kind.SET) {
                e.clientSecretSealed = cipher.seal(secret.value(), e.secretContext());
            } else if (secret.kind() == SecretChange.Kind.CLEAR) {
                e.clientSecretSealed = null;
            }
            AuditService.Diff diff = audit.diff(before, OAuthConfigMapper.toResponse(e), secretChanged);
            if (diff.isEmpty()) {
                return warnings(tx, e).map(w -> new Saved(e, w));
            }
            e.version = e.version + 1;
            e.updatedBy = actor;
            e.updatedAt = now();
            // Revocations read the copy only for a change that may retire users' tokens; no other
            // change leaves one more copy of the secret behind.
            Uni<Void> retire = OAuthConfigChangedEvent.mayRetireTokens(ChangeType.UPDATED, diff.changedFields())
                    ? retired.retire(tx, snapshot, e.version) : Uni.createFrom().voidItem();
            return pipelined(
                            OAuthConfigRows.update(tx, e)
                                    .onFailure(OAuthConfigWriter::isTitleViolation).transform(f -> titleTaken(draft.title())),
                            retire,
                            audit.record(tx, e.orgId, e.id, e.version, "UPDATED", actor, diff.changes()),
                            events.publish(tx, ChangeType.UPDATED, e, diff.changedFields()))
                    .chain(() -> warnings(tx, e))
                    .map(w -> new Saved(e, w));
        });
    }

    /**
     * A change's writes, sent on the transaction's connection one after another without waiting for
     * each answer (the client pipelines them; PostgreSQL executes them in order): one round trip
     * instead of one per statement. Answers come back in order too, so when a statement fails, its
     * failure is the one reported (the statements after it only fail because the transaction is
     * aborted), and the transaction rolls back.
     */
    private static Uni<Void> pipelined(Uni<?>... statements) {
        return Uni.combine().all().unis(statements).discardItems();
    }

    private static boolean sameTitle(String a, String b) {
        return a != null && b != null && a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT));
    }

    /**
     * Removes the record, announcing the removal with the next version. The secret stays only in the
     * retired copy for the grace window (the token-service revokes users' tokens with it), then
     * {@link RetiredConfigService} shreds it. {@code expectedVersion} null = any version.
     */
    public Uni<Void> remove(String orgId, UUID id, Long expectedVersion, String actor) {
        return PipelinedTransaction.run(pool, tx -> OAuthConfigRows.lock(tx, orgId, id).chain(e -> {
            if (e == null) {
                return Uni.createFrom().failure(Problems.notFound("OAuth configuration"));
            }
            if (expectedVersion != null && e.version != expectedVersion) {
                return Uni.createFrom().failure(stale(e.version, expectedVersion));
            }
            RetiredConfigService.Snapshot snapshot = RetiredConfigService.Snapshot.of(e);
            e.version = e.version + 1;
            e.updatedBy = actor;
            e.updatedAt = now();
            OAuthConfigResponse last = OAuthConfigMapper.toResponse(e);
            return pipelined(
                    retired.retire(tx, snapshot, e.version),
                    audit.record(tx, orgId, id, e.version, "REMOVED", actor, audit.diff(last, last, false).changes()),
                    events.publish(tx, ChangeType.REMOVED, e, List.of()),
                    OAuthConfigRows.delete(tx, e));
        }));
    }

    /**
     * What the caller should know about the saved record: PKCE that cannot be switched off, and other
     * SSO configurations of the organisation that claim one of the same domain entries.
     */
    private static Uni<List<Warning>> warnings(SqlConnection tx, OAuthConfigEntity e) {
        List<Warning> always = e.usePkce ? List.of() : List.of(Warning.pkceAlwaysOn());
        if (!e.ssoEnabled) {
            return Uni.createFrom().item(always);
        }
        return OAuthConfigRows.otherSsoClaims(tx, e.orgId, e.id).map(others -> {
            List<Warning> out = new ArrayList<>(always);
            for (OAuthConfigRows.SsoClaim other : others) {
                List<String> shared = other.domains().stream().filter(e.domains::contains).toList();
                if (!shared.isEmpty()) {
                    out.add(new Warning(Warning.SSO_AMBIGUOUS, "single sign-on is ambiguous: configuration '" + other.title()
                            + "' is also offered for " + String.join(", ", shared), shared, other.id().toString(), other.title()));
                }
            }
            return out;
        });
    }

    private static void apply(OAuthConfigEntity e, ConfigDraft d) {
        ConfigDraft.Endpoints ep = d.endpoints() == null ? ConfigDraft.Endpoints.NONE : d.endpoints();
        e.name = d.name();
        e.title = d.title();
        e.type = d.type();
        e.imageUrl = d.imageUrl();
        e.loginHint = d.loginHint();
        e.domains = List.copyOf(d.domains());
        e.redirectUrls = List.copyOf(d.redirectUrls());
        e.clientId = d.clientId();
        e.issuer = d.issuer();
        e.authorizationEndpoint = ep.authorization();
        e.tokenEndpoint = ep.token();
        e.userinfoEndpoint = ep.userinfo();
        e.jwksUri = ep.jwks();
        e.revocationEndpoint = ep.revocation();
        e.endSessionEndpoint = ep.endSession();
        e.usePkce = d.usePkce();
        e.useNonce = d.useNonce();
        e.scopes = List.copyOf(d.scopes());
        e.ssoEnabled = d.ssoEnabled();
        e.apiHosts = List.copyOf(d.apiHosts());
        e.audience = d.audience();
        e.tenantId = d.tenantId();
        e.ssoEmailAuthoritative = d.ssoEmailAuthoritative();
    }

    /** The 412 for a write based on a version that is no longer current. */
    public static RuntimeException stale(long current, long expected) {
        return Problems.preconditionFailed("the record is at version " + current + ", not " + expected
                + "; read it again and reapply your change");
    }

    private static RuntimeException titleTaken(String title) {
        return Problems.conflict("title", "title '" + title + "' is already used by another configuration of this organisation");
    }

    private static boolean isTitleViolation(Throwable t) {
        return t instanceof PgException pg && TITLE_INDEX.equals(pg.getConstraint());
    }

    private static Instant now() {
        // PostgreSQL keeps microseconds; truncating keeps responses equal to later reads.
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
