package com.oauthconfig.token.revocation;

import com.oauthconfig.common.crypto.EnvelopeCipher;
import com.oauthconfig.token.config.TokenServiceConfig;
import com.oauthconfig.token.peers.ConfigServiceGateway;
import com.oauthconfig.contracts.config.InternalOAuthConfig;
import com.oauthconfig.token.provider.DiscoveryService;
import com.oauthconfig.token.provider.ProviderException;
import com.oauthconfig.token.provider.ProviderTokenClient;
import com.oauthconfig.token.store.Hashes;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Runs revocation jobs: revokes a retired token set (RFC 7009) at the
 * provider of the config as it was before the change that retired it — its issuer, revocation
 * endpoint, client id and secret, read from the config-service's retired copy — never at the
 * config's current provider. Retries with exponential backoff until the provider answers or the
 * grace window ends. Counter {@code token.revocation.jobs} (tag {@code outcome}: {@code revoked},
 * {@code refused} (the provider answered with an error), {@code no-endpoint}, {@code expired} (the
 * job's own window ended), {@code no-retired-copy} (the config-service keeps no copy of the config
 * as it was: its grace window ended first, or is shorter than this service's), {@code retry}).
 */
@ApplicationScoped
public class RevocationJobRunner {

    private static final Logger LOG = Logger.getLogger(RevocationJobRunner.class);

    private final RevocationJobs jobs;
    private final ConfigServiceGateway configs;
    private final DiscoveryService discovery;
    private final ProviderTokenClient provider;
    private final EnvelopeCipher cipher;
    private final MeterRegistry meters;
    private final TokenServiceConfig.Revocation settings;

    public RevocationJobRunner(RevocationJobs jobs, ConfigServiceGateway configs, DiscoveryService discovery,
                               ProviderTokenClient provider, EnvelopeCipher cipher, MeterRegistry meters,
                               TokenServiceConfig settings) {
        this.jobs = jobs;
        this.configs = configs;
        this.discovery = discovery;
        this.provider = provider;
        this.cipher = cipher;
        this.meters = meters;
        this.settings = settings.revocation();
    }

    /** Starts on the jobs due now without waiting for the next poll (after an event's jobs committed). */
    public void kick() {
        runDue().subscribe().with(n -> { }, f -> LOG.infof("revocation jobs not run now (%s); the next poll retries",
                f.getClass().getSimpleName()));
    }

    @Scheduled(every = "${token-service.revocation.poll-every:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return runDue().onFailure().recoverWithItem(f -> {
            LOG.infof("revocation jobs not run (%s); the next poll retries", f.getClass().getSimpleName());
            return 0;
        }).replaceWithVoid();
    }

    /** Claims and runs one batch of due jobs; returns how many were claimed. */
    Uni<Integer> runDue() {
        return jobs.claimDue(settings.batchSize()).chain(claimed -> claimed.isEmpty() ? Uni.createFrom().item(0)
                : Multi.createFrom().iterable(claimed).onItem().transformToUni(this::run).merge(4)
                .collect().asList().map(List::size));
    }

    private Uni<Void> run(RevocationJobs.Job job) {
        if (Instant.now().isAfter(job.giveUpAt())) {
            return end(job, "expired");
        }
        return configs.fetchRetired(job.orgId(), job.configId(), job.retiredByVersion())
                .chain(issuedBy -> revoke(job, issuedBy))
                .chain(outcome -> end(job, outcome))
                .onFailure().recoverWithUni(f -> {
                    if (f instanceof ProviderException p && !p.transientFailure()) {
                        LOG.infof("revocation for config %s %s refused by the provider (%s)", job.configId(),
                                Hashes.userRef(job.userId()), p.oauthError() == null ? p.status() : p.oauthError());
                        return end(job, "refused");
                    }
                    return retryLater(job, f);
                });
    }

    /**
     * The outcome of revoking with the config that issued the tokens. None kept while this job is
     * still within its window means the user's grant stays alive at the provider; it is told apart
     * from a job whose own window ended, since it points at the config-service's grace window.
     */
    private Uni<String> revoke(RevocationJobs.Job job, Optional<InternalOAuthConfig> issuedBy) {
        if (issuedBy.isEmpty()) {
            LOG.warnf("revocation for config %s %s: the config-service keeps no copy of the config before version %d "
                            + "(its retired-configs.grace-window ended, or is shorter than revocation.grace-window); "
                            + "the tokens are not revoked at the provider",
                    job.configId(), Hashes.userRef(job.userId()), job.retiredByVersion());
            return Uni.createFrom().item("no-retired-copy");
        }
        InternalOAuthConfig config = issuedBy.get();
        String context = job.context();
        return discovery.metadata(config).chain(meta -> {
            String endpoint = meta.revocationEndpoint();
            if (endpoint == null) {
                return Uni.createFrom().item("no-endpoint");
            }
            String refresh = job.refreshSealed() == null ? null : cipher.open(job.refreshSealed(), context);
            String access = job.accessSealed() == null ? null : cipher.open(job.accessSealed(), context);
            return provider.revokeGrant(config, endpoint, refresh, access).replaceWith("revoked");
        });
    }

    private Uni<Void> retryLater(RevocationJobs.Job job, Throwable f) {
        Duration delay = settings.retryDelay().multipliedBy(1L << Math.min(job.attempts() - 1, 20));
        Instant next = Instant.now().plus(delay.compareTo(settings.maxRetryDelay()) > 0 ? settings.maxRetryDelay() : delay);
        if (next.isAfter(job.giveUpAt())) {
            LOG.infof("revocation for config %s %s given up after %d attempts (%s)", job.configId(), Hashes.userRef(job.userId()),
                    job.attempts(), f.getClass().getSimpleName());
            return end(job, "expired");
        }
        count("retry");
        LOG.debugf("revocation for config %s %s attempt %d failed (%s); next at %s", job.configId(), Hashes.userRef(job.userId()),
                job.attempts(), f.getClass().getSimpleName(), next);
        return jobs.retryAt(job.id(), next);
    }

    private Uni<Void> end(RevocationJobs.Job job, String outcome) {
        return jobs.finish(job.id()).invoke(() -> count(outcome));
    }

    private void count(String outcome) {
        meters.counter("token.revocation.jobs", "outcome", outcome).increment();
    }
}
