package com.oauthconfig.alias.service;

import com.oauthconfig.alias.client.ConfigServiceClient;
import com.oauthconfig.alias.repository.SolutionCredentialRepository;
import com.oauthconfig.alias.repository.SolutionCredentialRepository.Target;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Periodic safety net behind the event consumer: asks the config-service about every
 * configuration a working alias points at, one question per organisation and page, and flags the
 * aliases of those it answers were removed (a removal event lost, skipped or dead-lettered).
 * A 404 is never read as "removed": a misrouted config-service URL, or any server that answers
 * 404 to everything, would otherwise flag every alias. Only the config-service's own positive
 * answer counts (see {@link ConfigServiceClient#removed}); a config it says it never knew in that
 * organisation is left alone. When the config-service cannot answer, nothing is changed and the
 * next organisation is asked; an open circuit breaker stops the round.
 */
@ApplicationScoped
public class Reconciliation {

    private static final Logger LOG = Logger.getLogger(Reconciliation.class);
    private static final int PAGE = 200;

    private final SolutionCredentialRepository credentials;
    private final ConfigServiceClient configService;
    private final ConfigEventService events;

    public Reconciliation(SolutionCredentialRepository credentials, ConfigServiceClient configService, ConfigEventService events) {
        this.credentials = credentials;
        this.configService = configService;
        this.events = events;
    }

    @Scheduled(every = "${alias.reconciliation.interval:15m}", delayed = "${alias.reconciliation.initial-delay:5m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return reconcile().onFailure().recoverWithItem(e -> {
            LOG.warnf("reconciliation round stopped: %s", e.getMessage());
            return 0;
        }).replaceWithVoid();
    }

    /** One full round; returns how many aliases it flagged. */
    public Uni<Integer> reconcile() {
        AtomicInteger flagged = new AtomicInteger();
        return page(null, flagged).map(v -> flagged.get())
                .invoke(n -> {
                    if (n > 0) {
                        LOG.warnf("reconciliation flagged %d aliases whose configuration no longer exists", n);
                    }
                });
    }

    private Uni<Void> page(Target after, AtomicInteger flagged) {
        return credentials.workingTargetsAfter(after, PAGE).chain(targets -> {
            if (targets.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            Map<String, List<UUID>> byOrg = new LinkedHashMap<>();
            targets.forEach(t -> byOrg.computeIfAbsent(t.orgId(), o -> new ArrayList<>()).add(t.configId()));
            Uni<Void> checks = Multi.createFrom().iterable(byOrg.entrySet())
                    .onItem().transformToUniAndConcatenate(e -> check(e.getKey(), e.getValue()).invoke(flagged::addAndGet))
                    .collect().last().replaceWithVoid();
            return targets.size() < PAGE ? checks : checks.chain(() -> page(targets.get(targets.size() - 1), flagged));
        });
    }

    private Uni<Integer> check(String orgId, List<UUID> configIds) {
        return configService.removed(orgId, configIds)
                .chain(removed -> Multi.createFrom().iterable(configIds).select().where(removed::contains)
                        .onItem().transformToUniAndConcatenate(configId -> events.flagMissing(orgId, configId))
                        .collect().with(Collectors.summingInt(Integer::intValue)))
                .onFailure(e -> !(e instanceof CircuitBreakerOpenException)).recoverWithItem(e -> {
                    // An organisation the config-service could not answer for: try it next round.
                    LOG.debugf("reconciliation skipped %d configs of an organisation: %s", configIds.size(), e.getMessage());
                    return 0;
                });
    }
}
