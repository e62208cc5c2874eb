package com.oauthconfig.alias.bench;

import com.oauthconfig.alias.support.KafkaFixtures;
import com.oauthconfig.alias.support.KafkaFixtures.TopicReader;
import com.oauthconfig.alias.support.Seeder;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/**
 * Measures "config removed → every alias flagged and announced" against a running application:
 * seeds {@code aliases} aliases of one configuration, publishes its REMOVED event and times
 * (a) until the database shows them all BROKEN and (b) until each alias's broken event is on
 * credential-alias-events (per-alias latency = broker timestamp − send time).
 */
public final class RemovalFlagLatency {

    /** One round's numbers, in milliseconds. */
    public record Result(int aliases, long allFlaggedMs, long allPublishedMs, long p50Ms, long p99Ms, long maxMs) {

        public double aliasesPerSecond() {
            return aliases * 1000.0 / Math.max(1, allPublishedMs);
        }

        @Override
        public String toString() {
            return String.format("aliases=%d flagged-in-db=%dms all-published=%dms per-alias p50=%dms p99=%dms max=%dms "
                            + "throughput=%.0f aliases/s p99/p50=%.2f",
                    aliases, allFlaggedMs, allPublishedMs, p50Ms, p99Ms, maxMs, aliasesPerSecond(), (double) p99Ms / Math.max(1, p50Ms));
        }
    }

    private RemovalFlagLatency() {
    }

    /** One round with a fresh organisation; {@code configId} must not be referenced by anything else. */
    public static Result round(int aliases, Duration timeout) {
        String org = "bench-" + UUID.randomUUID();
        UUID configId = UUID.randomUUID();
        Seeder.aliases(org, configId, aliases);
        try (TopicReader reader = new TopicReader(KafkaFixtures.ALIAS_EVENTS)) {
            reader.poll(r -> false); // join the group before the clock starts
            long sent = System.currentTimeMillis();
            KafkaFixtures.sendConfigEvent(0, UUID.randomUUID(), org, configId, 2, "REMOVED");
            await().atMost(timeout).pollInterval(Duration.ofMillis(20)).until(() -> Seeder.countBroken(org, configId) == aliases);
            long flagged = System.currentTimeMillis() - sent;
            Set<String> keys = new HashSet<>();
            List<ConsumerRecord<String, String>> events = await().atMost(timeout).pollInterval(Duration.ofMillis(1))
                    .until(() -> reader.poll(KafkaFixtures.ofOrg(org)), l -> l.size() >= aliases);
            long[] latencies = events.stream().peek(r -> keys.add(r.key())).mapToLong(r -> r.timestamp() - sent).sorted().toArray();
            if (keys.size() != aliases || events.size() != aliases) {
                throw new IllegalStateException("expected one event per alias, got " + events.size() + " for " + keys.size() + " aliases");
            }
            long published = Arrays.stream(latencies).max().orElse(0);
            return new Result(aliases, flagged, published, percentile(latencies, 50), percentile(latencies, 99), published);
        }
    }

    static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
