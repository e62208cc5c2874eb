package com.oauthconfig.config.service;

import com.oauthconfig.common.crypto.EnvelopeCipher;
import com.oauthconfig.common.problem.Problems;
import com.oauthconfig.config.event.ConfigEventPublisher;
import com.oauthconfig.config.repository.OAuthConfigEntity;
import com.oauthconfig.config.repository.OAuthConfigRepository;
import com.oauthconfig.config.rest.OAuthConfigMapper;
import com.oauthconfig.config.rest.OAuthConfigResponse;
import com.oauthconfig.contracts.config.OAuthConfigChangedEvent.ChangeType;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;

/**
 * The transactions that change configurations. Each one writes the record, its audit entry and
 * its outbox event together, and increments the version by exactly one under a row lock (so
 * concurrent writers serialise and a stale If-Match is detected reliably).
 */
@ApplicationScoped
public class OAuthConfigWriter {

    private static final String TITLE_INDEX = "uq_oauth_config_org_title";

    private final OAuthConfigRepository configs;
    private final AuditService audit;
    private final ConfigEventPublisher events;
    private final EnvelopeCipher cipher;
    private final RetiredConfigService retired;

    public OAuthConfigWriter(OAuthConfigRepository configs, AuditService audit, ConfigEventPublisher events,
                             EnvelopeCipher cipher, RetiredConfigService retired) {
        this.configs = configs;
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
    @WithTransaction
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
            return configs.persist(e).call(configs::flush)
                    .onFailure(OAuthConfigWriter::isTitleViolation).transform(f -> titleTaken(draft.title()))
                    .call(() -> audit.record(orgId, e.id, e.version, "CREATED", actor, diff.changes()))
                    .call(() -> events.publish(ChangeType.CREATED, e, diff.changedFields()))
                    .chain(() -> warnings(e))
                    .map(w -> new Saved(e, w));
        });
    }

    /**
     * Changes the record when it is still at {@code expectedVersion} (null: any); 412 otherwise.
     * The row is read once, locked; {@code prepare} turns that copy into the validated change (it
     * may call out, e.g. to the issuer, while the lock is held). A write that changes nothing keeps
     * the version and publishes nothing.
     */
    @WithTransaction
    public Uni<Saved> update(String orgId, UUID id, Long expectedVersion,
                             Function<OAuthConfigEntity, Uni<OAuthConfigService.Change>> prepare, String actor) {
        return configs.lockInOrg(orgId, id).chain(e -> {
            if (e == null) {
                return Uni.createFrom().failure(Problems.notFound("OAuth configuration"));
            }
            if (expectedVersion != null && e.version != expectedVersion) {
                return Uni.createFrom().failure(stale(e.version, expectedVersion));
            }
            return prepare.apply(e).chain(change -> write(e, change.draft(), change.secret(), actor));
        });
    }

    private Uni<Saved> write(OAuthConfigEntity e, ConfigDraft draft, SecretChange secret, String actor) {
        // The unique index decides in the end; asking first only gives the usual 409 before any change.
        Uni<Boolean> titleFree = sameTitle(e.title, draft.title()) ? Uni.createFrom().item(true)
                : configs.findByTitle(e.orgId, draft.title()).map(other -> other == null || other.id.equals(e.id));
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
                return warnings(e).map(w -> new Saved(e, w));
            }
            e.version = e.version + 1;
            e.updatedBy = actor;
            e.updatedAt = now();
            return configs.flush()
                    .onFailure(OAuthConfigWriter::isTitleViolation).transform(f -> titleTaken(draft.title()))
                    .call(() -> retired.retire(snapshot, e.version))
                    .call(() -> audit.record(e.orgId, e.id, e.version, "UPDATED", actor, diff.changes()))
                    .call(() -> events.publish(ChangeType.UPDATED, e, diff.changedFields()))
                    .chain(() -> warnings(e))
                    .map(w -> new Saved(e, w));
        });
    }

    private static boolean sameTitle(String a, String b) {
        return a != null && b != null && a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT));
    }

    /**
     * Removes the record, announcing the removal with the next version. The secret stays only in the
     * retired copy for the grace window (the token-service revokes users' tokens with it), then
     * {@link RetiredConfigService} shreds it. {@code expectedVersion} null = any version.
     */
    @WithTransaction
    public Uni<Void> remove(String orgId, UUID id, Long expectedVersion, String actor) {
        return configs.lockInOrg(orgId, id).chain(e -> {
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
            return retired.retire(snapshot, e.version)
                    .call(() -> audit.record(orgId, id, e.version, "REMOVED", actor, audit.diff(last, last, false).changes()))
                    .call(() -> events.publish(ChangeType.REMOVED, e, List.of()))
                    .call(() -> {
                        // Overwrite before delete so no later read in this transaction can see the sealed value.
                        e.clientSecretSealed = null;
                        return configs.delete(e);
                    });
        });
    }

    /**
     * What the caller should know about the saved record: PKCE that cannot be switched off, and other
     * SSO configurations of the organisation that claim one of the same domain entries.
     */
    Uni<List<Warning>> warnings(OAuthConfigEntity e) {
        List<Warning> always = e.usePkce ? List.of() : List.of(Warning.pkceAlwaysOn());
        if (!e.ssoEnabled) {
            return Uni.createFrom().item(always);
        }
        return configs.ssoEnabled(e.orgId).map(all -> {
            List<Warning> out = new ArrayList<>(always);
            for (OAuthConfigEntity other : all) {
                if (other.id.equals(e.id)) {
                    continue;
                }
                List<String> shared = other.domains.stream().filter(e.domains::contains).toList();
                if (!shared.isEmpty()) {
                    out.add(new Warning(Warning.SSO_AMBIGUOUS, "single sign-on is ambiguous: configuration '" + other.title
                            + "' is also offered for " + String.join(", ", shared), shared, other.id.toString(), other.title));
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
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getMessage() != null && c.getMessage().contains(TITLE_INDEX)) {
                return true;
            }
        }
        return false;
    }

    private static Instant now() {
        // PostgreSQL keeps microseconds; truncating keeps responses equal to later reads.
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
