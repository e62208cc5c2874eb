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

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Periodic safety net behind the event consumer: asks the config-service about every
 * configuration a working alias points at, and flags the aliases of one it no longer knows
 * (a removal event lost, skipped or dead-lettered). Only a definite 404 flags anything; when the
 * config-service cannot answer, the round stops and nothing is changed.
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
            Uni<Void> checks = Multi.createFrom().iterable(targets)
                    .onItem().transformToUniAndConcatenate(t -> check(t).invoke(flagged::addAndGet))
                    .collect().last().replaceWithVoid();
            return targets.size() < PAGE ? checks : checks.chain(() -> page(targets.get(targets.size() - 1), flagged));
        });
    }

    private Uni<Integer> check(Target t) {
        return configService.find(t.orgId(), t.configId())
                .chain(found -> found.isPresent() ? Uni.createFrom().item(0) : events.flagMissing(t.orgId(), t.configId()))
                .onFailure(e -> !(e instanceof CircuitBreakerOpenException)).recoverWithItem(e -> {
                    // One configuration the config-service could not answer for: try it next round.
                    LOG.debugf("reconciliation skipped config %s: %s", t.configId(), e.getMessage());
                    return 0;
                });
    }
}
