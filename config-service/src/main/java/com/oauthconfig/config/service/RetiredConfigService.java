package com.oauthconfig.config.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.oauthconfig.common.crypto.EnvelopeCipher;
import com.oauthconfig.common.problem.Problems;
import com.oauthconfig.config.config.ConfigServiceConfig;
import com.oauthconfig.config.repository.OAuthConfigEntity;
import com.oauthconfig.config.repository.RetiredOAuthConfigEntity;
import com.oauthconfig.config.repository.RetiredOAuthConfigRepository;
import com.oauthconfig.config.rest.OAuthConfigMapper;
import com.oauthconfig.contracts.config.InternalOAuthConfig;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.UUID;

/**
 * Keeps what a configuration was before a change that may retire users' tokens (a removal, or an
 * update of a provider field: {@link com.oauthconfig.contracts.config.OAuthConfigChangedEvent#mayRetireTokens}),
 * secret included, for the grace window ({@code config-service.retired-configs.grace-window}): the
 * token-service revokes those tokens at the provider they were issued by, and a removed or moved
 * configuration's live record no longer has that provider or that secret. Only such a change makes
 * it queue revocations for the version, so no other change keeps a copy of the secret. After the
 * window a scheduled job deletes the row and with it the secret's only wrapped data key
 * (crypto-shredding, as removal did at once before).
 */
@ApplicationScoped
public class RetiredConfigService {

    private static final Logger LOG = Logger.getLogger(RetiredConfigService.class);

    private final RetiredOAuthConfigRepository retired;
    private final EnvelopeCipher cipher;
    private final ObjectMapper json;
    private final ConfigServiceConfig config;

    public RetiredConfigService(RetiredOAuthConfigRepository retired, EnvelopeCipher cipher, ObjectMapper json,
                                ConfigServiceConfig config) {
        this.retired = retired;
        this.cipher = cipher;
        this.json = json;
        this.config = config;
    }

    /** A configuration as it is before a change: its service-only view without the secret, and the secret still sealed. */
    public record Snapshot(UUID configId, String orgId, InternalOAuthConfig view, String sealedSecret, String secretContext) {
        public static Snapshot of(OAuthConfigEntity e) {
            return new Snapshot(e.id, e.orgId, OAuthConfigMapper.toInternal(e, null), e.clientSecretSealed, e.secretContext());
        }

        @Override
        public String toString() {
            return "Snapshot[" + configId + "]";
        }
    }

    /**
     * Records the snapshot (taken before the change) as retired by the change that gets version
     * {@code retiredByVersion}, in {@code tx}, the change's transaction.
     */
    public Uni<Void> retire(SqlConnection tx, Snapshot before, long retiredByVersion) {
        String view;
        try {
            view = json.writeValueAsString(before.view());
        } catch (JsonProcessingException ex) {
            return Uni.createFrom().failure(new IllegalStateException("retired configuration does not serialise", ex));
        }
        String sealed = before.sealedSecret() == null ? null : cipher.seal(cipher.open(before.sealedSecret(), before.secretContext()),
                RetiredOAuthConfigEntity.secretContext(before.orgId(), before.configId(), retiredByVersion));
        OffsetDateTime retiredAt = Instant.now().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
        return tx.preparedQuery("insert into retired_oauth_config (id, config_id, org_id, retired_by_version, config, client_secret_sealed, "
                        + "retired_at, shred_after) values ($1, $2, $3, $4, $5, $6, $7, $8)")
                .execute(Tuple.from(Arrays.asList(UUID.randomUUID(), before.configId(), before.orgId(), retiredByVersion, view, sealed,
                        retiredAt, retiredAt.plus(config.retiredConfigs().graceWindow()))))
                .replaceWithVoid();
    }

    /**
     * The configuration as it was before change {@code version}, with its decrypted secret; 404 when
     * there is none in this organisation or its grace window has ended.
     */
    @WithSession
    public Uni<InternalOAuthConfig> open(String orgId, UUID configId, long version) {
        return retired.findInOrg(orgId, configId, version, Instant.now()).map(r -> {
            if (r == null) {
                throw Problems.notFound("retired OAuth configuration");
            }
            InternalOAuthConfig c;
            try {
                c = json.readValue(r.config, InternalOAuthConfig.class);
            } catch (JsonProcessingException ex) {
                throw new IllegalStateException("retired configuration does not read back", ex);
            }
            String secret = r.clientSecretSealed == null ? null : cipher.open(r.clientSecretSealed, r.secretContext());
            return new InternalOAuthConfig(c.id(), c.orgId(), c.version(), c.name(), c.title(), c.type(), c.clientId(),
                    secret, c.issuer(), c.endpoints(), c.usePkce(), c.useNonce(), c.scopes(), c.redirectUrls(), c.loginHint(),
                    c.apiHosts(), c.audience(), c.tenantId(), c.ssoEnabled(), c.ssoEmailAuthoritative(), c.imageUrl());
        });
    }

    @Scheduled(every = "${config-service.retired-configs.shred-every:10m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return shred().invoke(n -> {
            if (n > 0) {
                LOG.infof("shredded %d retired client secret(s) past their grace window", n);
            }
        }).onFailure().recoverWithItem(e -> {
            LOG.warnf("shredding retired secrets failed: %s", e.getClass().getSimpleName());
            return 0L;
        }).replaceWithVoid();
    }

    /** Deletes every retired configuration past its grace window; returns how many. */
    @WithTransaction
    public Uni<Long> shred() {
        return retired.deleteShreddable(Instant.now());
    }
}
