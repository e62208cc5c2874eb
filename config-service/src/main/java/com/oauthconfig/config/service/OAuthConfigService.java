package com.oauthconfig.config.service;

import com.oauthconfig.common.crypto.EnvelopeCipher;
import com.oauthconfig.common.egress.HostResolver;
import com.oauthconfig.common.problem.ProblemException;
import com.oauthconfig.common.problem.ProblemType;
import com.oauthconfig.common.problem.Problems;
import com.oauthconfig.config.client.CredentialAliasGateway;
import com.oauthconfig.config.client.IssuerDiscoveryClient;
import com.oauthconfig.config.client.TokenServiceGateway;
import com.oauthconfig.contracts.token.DirectUses;
import com.oauthconfig.config.config.ConfigServiceConfig;
import com.oauthconfig.config.repository.OAuthConfigEntity;
import com.oauthconfig.config.repository.OAuthConfigRepository;
import com.oauthconfig.config.repository.OrganisationRepository;
import com.oauthconfig.contracts.alias.AliasReferencePage;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

/**
 * The configuration use cases: validation (off the event loop when DNS is involved), reads,
 * and removal guarded by the credential-alias-service. Transactions live in {@link OAuthConfigWriter}.
 */
@ApplicationScoped
public class OAuthConfigService {

    private static final Logger LOG = Logger.getLogger(OAuthConfigService.class);

    private final OAuthConfigRepository configs;
    private final Pool pool;
    private final OAuthConfigWriter writer;
    private final CredentialAliasGateway aliases;
    private final TokenServiceGateway usage;
    private final IssuerDiscoveryClient discovery;
    private final EnvelopeCipher cipher;
    private final ConfigServiceConfig config;
    private final Vertx vertx;
    private final OAuthConfigRules rules;

    public OAuthConfigService(OAuthConfigRepository configs, Pool pool, OAuthConfigWriter writer,
                              CredentialAliasGateway aliases, IssuerDiscoveryClient discovery, EnvelopeCipher cipher,
                              ConfigServiceConfig config, Vertx vertx, TokenServiceGateway usage) {
        this.usage = usage;
        this.configs = configs;
        this.pool = pool;
        this.writer = writer;
        this.aliases = aliases;
        this.discovery = discovery;
        this.cipher = cipher;
        this.config = config;
        this.vertx = vertx;
        this.rules = new OAuthConfigRules(config.allowPrivateEndpoints(), HostResolver.SYSTEM);
    }

    /** A page of an organisation's configurations plus the total count. */
    public record PageResult(List<OAuthConfigEntity> items, long total) {
    }

    @WithSession
    public Uni<PageResult> list(String orgId, int page, int size, Sort sort) {
        return configs.page(orgId, sort, page, size)
                .chain(items -> configs.countInOrg(orgId).map(total -> new PageResult(items, total)));
    }

    @WithSession
    public Uni<OAuthConfigEntity> get(String orgId, UUID id) {
        return configs.findInOrg(orgId, id).onItem().ifNull().failWith(() -> Problems.notFound("OAuth configuration"));
    }

    @WithSession
    public Uni<OAuthConfigEntity> getByTitle(String orgId, String title) {
        return configs.findByTitle(orgId, title).onItem().ifNull().failWith(() -> Problems.notFound("OAuth configuration"));
    }

    /** The decrypted secret of a config, or null; only the internal read for the token-service calls this. */
    public String openSecret(OAuthConfigEntity e) {
        return e.clientSecretSealed == null ? null : cipher.open(e.clientSecretSealed, e.secretContext());
    }

    public Uni<Saved> create(String orgId, ConfigDraft draft, SecretChange secret, String actor) {
        return validate(pool, orgId, draft, secret)
                .call(valid -> verifyIssuer(valid.issuer()))
                .chain(valid -> writer.create(orgId, valid, secret, actor));
    }

    /** What a write makes of a config: its new members and what happens to its secret. */
    public record Change(ConfigDraft draft, SecretChange secret) {
    }

    /** Replaces a config; the issuer's discovery document is fetched only when the issuer changes. */
    public Uni<Saved> replace(String orgId, UUID id, Long expectedVersion, ConfigDraft draft, SecretChange secret, String actor) {
        return patch(orgId, id, expectedVersion, current -> new Change(draft, secret), actor);
    }

    /**
     * Changes a config with what {@code change} makes of the stored one (a merge patch). The row is
     * read once, under its lock, and that copy is merged, validated and written in one transaction:
     * no second read, and no writer can slip in between the merge and the write.
     */
    public Uni<Saved> patch(String orgId, UUID id, Long expectedVersion, Function<OAuthConfigEntity, Change> change, String actor) {
        return writer.update(orgId, id, expectedVersion, (tx, current) -> {
            Change wanted = change.apply(current);
            return validate(tx, orgId, wanted.draft(), wanted.secret())
                    .call(valid -> Objects.equals(valid.issuer(), current.issuer) ? Uni.createFrom().voidItem()
                            : verifyIssuer(valid.issuer()))
                    .map(valid -> new Change(valid, wanted.secret()));
        }, actor);
    }

    private Uni<Void> verifyIssuer(String issuer) {
        return issuer == null || !config.discovery().verifyIssuer() ? Uni.createFrom().voidItem() : discovery.verify(issuer);
    }

    /**
     * Removes a config unless credential aliases still reference it or functions used its title
     * within {@code removal.usage-window} (409 listing both, unless {@code force}). When the alias
     * service or the token-service cannot answer, nothing is removed (503 naming it): guessing "not
     * referenced" would silently break solutions.
     */
    public Uni<Void> remove(String orgId, UUID id, Long expectedVersion, boolean force, String actor) {
        return get(orgId, id)
                .invoke(e -> {
                    if (expectedVersion != null && e.version != expectedVersion) {
                        throw OAuthConfigWriter.stale(e.version, expectedVersion);
                    }
                })
                .chain(e -> aliases.references(orgId, id.toString())
                        .onFailure().transform(f -> {
                            LOG.warnf("%s did not answer for config %s: %s", CredentialAliasGateway.DEPENDENCY, id,
                                    f.getClass().getSimpleName());
                            return Problems.unavailable(CredentialAliasGateway.DEPENDENCY);
                        }))
                .chain(refs -> usage.directUses(orgId, id.toString(), Instant.now().minus(config.removal().usageWindow()))
                        .onFailure().transform(f -> {
                            LOG.warnf("%s did not answer for config %s: %s", TokenServiceGateway.DEPENDENCY, id,
                                    f.getClass().getSimpleName());
                            return Problems.unavailable(TokenServiceGateway.DEPENDENCY);
                        })
                        .chain(uses -> {
                            if ((refs.total() > 0 || !uses.items().isEmpty()) && !force) {
                                return Uni.createFrom().failure(referenced(refs, uses, config.removal().usageWindow()));
                            }
                            return writer.remove(orgId, id, expectedVersion, actor);
                        }));
    }

    private static ProblemException referenced(AliasReferencePage refs, DirectUses uses, java.time.Duration window) {
        Map<String, Object> ext = new LinkedHashMap<>();
        ext.put("references", refs.items());
        ext.put("totalReferences", refs.total());
        ext.put("directUses", uses.items());
        ext.put("totalDirectUses", uses.items().size());
        ext.put("usageWindow", window.toString());
        return new ProblemException(ProblemType.CONFLICT, "the configuration is referenced by " + refs.total()
                + " solution credential(s) and was used directly by " + uses.items().size() + " solution(s) within "
                + window.toDays() + " days; remove the references first or confirm with ?force=true", List.of(), ext);
    }

    /**
     * Validates against the organisation's registered domains, read through {@code db} (a PATCH's
     * own transaction, so a write never waits for a second connection); DNS checks run on a worker thread.
     */
    Uni<ConfigDraft> validate(SqlClient db, String orgId, ConfigDraft draft, SecretChange secret) {
        return OrganisationRepository.registeredDomains(db, orgId).chain(domains -> config.allowPrivateEndpoints()
                ? Uni.createFrom().item(() -> rules.validate(draft, domains, secret))
                : vertx.executeBlocking(Uni.createFrom().item(() -> rules.validate(draft, domains, secret))));
    }
}
