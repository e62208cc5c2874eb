package com.oauthconfig.alias.service;

import com.oauthconfig.alias.client.ConfigServiceClient;
import com.oauthconfig.alias.event.AliasEventPublisher;
import com.oauthconfig.contracts.config.InternalOAuthConfig;
import com.oauthconfig.alias.repository.ConfigEventState;
import com.oauthconfig.alias.repository.ConfigEventStateRepository;
import com.oauthconfig.alias.repository.CredentialStatus;
import com.oauthconfig.alias.repository.CredentialType;
import com.oauthconfig.alias.repository.SolutionCredential;
import com.oauthconfig.alias.repository.SolutionCredentialRepository;
import com.oauthconfig.common.http.RequestParams;
import com.oauthconfig.common.problem.FieldError;
import com.oauthconfig.common.problem.ProblemException;
import com.oauthconfig.common.problem.Problems;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Rules of solution credentials: validation, the same-organisation check of an alias target
 * against the config-service, unique names, repair of broken aliases.
 *
 * <p>The config-service is asked before the transaction starts, so a slow dependency never holds
 * a database connection, and when it is unreachable nothing has been written (503).
 */
@ApplicationScoped
public class CredentialService {

    private static final Logger LOG = Logger.getLogger(CredentialService.class);
    static final String NAME_UNIQUE = "solution_credential_name_unique";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}");
    public static final String CONFIG_SERVICE = "config-service";
    private static final String NOT_A_CONFIG = "must be an OAuth configuration of this organisation";

    private final SolutionCredentialRepository credentials;
    private final ConfigEventStateRepository configStates;
    private final ConfigServiceClient configService;
    private final AliasEventPublisher events;

    public CredentialService(SolutionCredentialRepository credentials, ConfigEventStateRepository configStates,
                             ConfigServiceClient configService, AliasEventPublisher events) {
        this.credentials = credentials;
        this.configStates = configStates;
        this.configService = configService;
        this.events = events;
    }

    /** A validated command. */
    private record Valid(String name, CredentialType type, UUID oauthConfigId) {
    }

    public Uni<SolutionCredential> create(String orgId, String solutionId, CredentialCommand command) {
        Valid valid = validate(command);
        return requireTarget(orgId, valid.oauthConfigId())
                .chain(() -> Panache.withTransaction(() -> requireNotRemoved(valid.oauthConfigId())
                        .chain(() -> requireNameFree(orgId, solutionId, valid.name(), null))
                        .chain(() -> {
                            Instant now = now();
                            SolutionCredential c = new SolutionCredential();
                            c.id = UUID.randomUUID();
                            c.orgId = orgId;
                            c.solutionId = solutionId;
                            c.name = valid.name();
                            c.type = valid.type();
                            c.oauthConfigId = valid.oauthConfigId();
                            c.status = CredentialStatus.OK;
                            c.createdAt = now;
                            c.updatedAt = now;
                            return credentials.persistAndFlush(c);
                        })))
                .onFailure(e -> Failures.isUniqueViolation(e, NAME_UNIQUE)).transform(e -> duplicateName());
    }

    /**
     * Replaces name, type and target. Pointing a broken alias at a configuration that exists
     * repairs it: status OK again and an {@code oauthconfig.alias.repaired} event. The target is
     * asked for (outside the transaction) only when the alias is retargeted or broken; an alias
     * that became so between that read and the transaction's (reconciliation flagged it, say) is
     * answered 409, never repaired unchecked.
     */
    public Uni<SolutionCredential> update(String orgId, String solutionId, UUID id, CredentialCommand command, Long expectedVersion) {
        Valid valid = validate(command);
        return get(orgId, solutionId, id)
                .chain(current -> {
                    boolean checked = needsTargetCheck(current, valid);
                    return (checked ? requireTarget(orgId, valid.oauthConfigId()) : Uni.createFrom().voidItem()).replaceWith(checked);
                })
                .chain(checked -> Panache.withTransaction(() -> credentials.findInSolution(orgId, solutionId, id)
                        .onItem().ifNull().failWith(() -> Problems.notFound("credential"))
                        .chain(c -> {
                            if (expectedVersion != null && expectedVersion != c.version) {
                                throw Problems.preconditionFailed("the credential is at version " + c.version);
                            }
                            if (!checked && needsTargetCheck(c, valid)) {
                                throw Problems.conflict("version", "the credential changed while this request was processed; read it again");
                            }
                            return requireNotRemoved(valid.oauthConfigId())
                                    .chain(() -> requireNameFree(orgId, solutionId, valid.name(), id))
                                    .chain(() -> apply(c, valid));
                        })))
                .onFailure(e -> Failures.isUniqueViolation(e, NAME_UNIQUE)).transform(e -> duplicateName())
                .onFailure(Failures::isStale).transform(e -> Problems.conflict("version",
                        "the credential changed while this request was processed; read it again"));
    }

    /** The target must be confirmed by the config-service: a new one, or the same one of a broken alias. */
    private static boolean needsTargetCheck(SolutionCredential c, Valid valid) {
        return !valid.oauthConfigId().equals(c.oauthConfigId) || c.status == CredentialStatus.BROKEN;
    }

    private Uni<SolutionCredential> apply(SolutionCredential c, Valid valid) {
        Instant now = now();
        boolean repaired = c.status == CredentialStatus.BROKEN;
        c.name = valid.name();
        c.type = valid.type();
        c.oauthConfigId = valid.oauthConfigId();
        c.status = CredentialStatus.OK;
        c.brokenReason = null;
        c.brokenAt = null;
        c.updatedAt = now;
        Uni<SolutionCredential> flushed = credentials.persistAndFlush(c);
        if (!repaired) {
            return flushed;
        }
        return flushed.call(saved -> events.repaired(saved.orgId, saved.solutionId, saved.id, saved.name, saved.oauthConfigId, now));
    }

    public Uni<Void> delete(String orgId, String solutionId, UUID id) {
        return Panache.withTransaction(() -> credentials.findInSolution(orgId, solutionId, id)
                .onItem().ifNull().failWith(() -> Problems.notFound("credential"))
                .chain(credentials::delete));
    }

    @WithSession
    public Uni<SolutionCredential> get(String orgId, String solutionId, UUID id) {
        return credentials.findInSolution(orgId, solutionId, id).onItem().ifNull().failWith(() -> Problems.notFound("credential"));
    }

    @WithSession
    public Uni<PageOf<SolutionCredential>> list(String orgId, String solutionId, CredentialStatus status, int page, int size) {
        return credentials.pageInSolution(orgId, solutionId, status, page, size)
                .chain(items -> credentials.countInSolution(orgId, solutionId, status)
                        .map(total -> new PageOf<>(items, page, size, total)));
    }

    /**
     * The references of a configuration of this organisation. Another organisation's configuration,
     * or one that never existed, is 404 like every other cross-organisation read: the consumed events
     * say whose a configuration is (removed ones included); for one no event has reached yet, the
     * config-service does.
     */
    public Uni<PageOf<SolutionCredential>> references(String orgId, UUID configId, int page, int size) {
        return Panache.withSession(() -> configStates.findById(configId))
                .chain(state -> state != null ? ownedBy(state, orgId) : requireExisting(orgId, configId))
                .chain(() -> Panache.withSession(() -> credentials.references(orgId, configId, page, size)
                        .chain(items -> credentials.countReferences(orgId, configId).map(total -> new PageOf<>(items, page, size, total)))));
    }

    private static Uni<Void> ownedBy(ConfigEventState state, String orgId) {
        return state.orgId.equals(orgId) ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(Problems.notFound("oauth configuration"));
    }

    private Uni<Void> requireExisting(String orgId, UUID configId) {
        return askConfigService(orgId, configId)
                .invoke(found -> {
                    if (found.isEmpty()) {
                        throw Problems.notFound("oauth configuration");
                    }
                })
                .replaceWithVoid();
    }

    /** The credential named so in the solution, for the token-service; empty when there is none. */
    @WithSession
    public Uni<Optional<SolutionCredential>> resolve(String orgId, String solutionId, String name) {
        return credentials.findByName(orgId, solutionId, name).map(Optional::ofNullable);
    }

    /** Asks the config-service; an unknown config and another organisation's config get the same answer. */
    private Uni<Void> requireTarget(String orgId, UUID configId) {
        return askConfigService(orgId, configId)
                .invoke(found -> {
                    if (found.isEmpty()) {
                        throw Problems.invalid("oauthConfigId", NOT_A_CONFIG);
                    }
                })
                .replaceWithVoid();
    }

    /** Whether the config-service knows the configuration in the organisation; 503 when it cannot answer. */
    private Uni<Optional<InternalOAuthConfig>> askConfigService(String orgId, UUID configId) {
        return configService.find(orgId, configId)
                .onFailure().transform(e -> {
                    LOG.warnf("config-service check of %s failed: %s", configId, e.getClass().getSimpleName());
                    return Problems.unavailable(CONFIG_SERVICE);
                });
    }

    /** A removal already consumed wins over a config-service answer that raced with it. */
    private Uni<Void> requireNotRemoved(UUID configId) {
        return configStates.findById(configId).invoke(state -> {
            if (state != null && state.isRemoved()) {
                throw Problems.invalid("oauthConfigId", NOT_A_CONFIG);
            }
        }).replaceWithVoid();
    }

    private Uni<Void> requireNameFree(String orgId, String solutionId, String name, UUID self) {
        return credentials.findByName(orgId, solutionId, name).invoke(other -> {
            if (other != null && !other.id.equals(self)) {
                throw duplicateName();
            }
        }).replaceWithVoid();
    }

    private static ProblemException duplicateName() {
        return Problems.conflict("name", "a credential with this name already exists in the solution");
    }

    static Valid validate(CredentialCommand command) {
        if (command == null) {
            throw Problems.invalid("", "a JSON object with name, type and oauthConfigId is required");
        }
        List<FieldError> errors = new ArrayList<>();
        if (command.name() == null || command.name().isBlank()) {
            errors.add(new FieldError("name", "is required"));
        } else if (!NAME.matcher(command.name()).matches()) {
            errors.add(new FieldError("name", "must be 1-100 letters, digits, spaces, '.', '_' or '-', starting with a letter or digit"));
        }
        CredentialType type = null;
        if (command.type() == null || command.type().isBlank()) {
            errors.add(new FieldError("type", "is required"));
        } else {
            try {
                type = CredentialType.valueOf(command.type());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("type", "must be one of " + Arrays.stream(CredentialType.values())
                        .map(Enum::name).collect(Collectors.joining(", "))));
            }
        }
        UUID configId = null;
        if (command.oauthConfigId() == null || command.oauthConfigId().isBlank()) {
            errors.add(new FieldError("oauthConfigId", "is required for an OAUTH_ALIAS"));
        } else if (!RequestParams.isUuid(command.oauthConfigId())) {
            errors.add(new FieldError("oauthConfigId", "must be a UUID"));
        } else {
            configId = UUID.fromString(command.oauthConfigId());
        }
        if (!errors.isEmpty()) {
            throw Problems.invalid(errors);
        }
        return new Valid(command.name(), type, configId);
    }

    private static Instant now() {
        // PostgreSQL keeps microseconds: what is returned now is what is read back later.
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
