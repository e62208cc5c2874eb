package com.oauthconfig.alias.bench;

import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.rig.RigResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The benchmark (not part of the default test run: surefire picks *Test classes; run it with
 * {@code -Dtest=RemovalFlagLatencyBench -Dbench.aliases=10000 -Dbench.rounds=3}).
 */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "credential_alias_service"))
@WithTestResource(FakeConfigService.class)
class RemovalFlagLatencyBench {

    @Test
    void configRemovedToAllAliasesFlaggedLatency() {
        int aliases = Integer.getInteger("bench.aliases", 10_000);
        int rounds = Integer.getInteger("bench.rounds", 3);
        RemovalFlagLatency.round(Math.min(aliases, 500), Duration.ofMinutes(2)); // warm-up
        List<RemovalFlagLatency.Result> results = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            RemovalFlagLatency.Result r = RemovalFlagLatency.round(aliases, Duration.ofMinutes(5));
            System.out.println("BENCH round " + (i + 1) + ": " + r);
            results.add(r);
        }
        results.sort(Comparator.comparingLong(RemovalFlagLatency.Result::allPublishedMs));
        System.out.println("BENCH median round: " + results.get(results.size() / 2));
        assertEquals(rounds, results.size());
    }
}
