package com.oauthconfig.rig;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool$;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) running in this JVM,
 * built from Apache Kafka's own server classes. It can be stopped and started again on the same
 * ports and log directory, which the fault tests use to take the broker away during writes.
 */
public final class KafkaBroker implements AutoCloseable {

    /** Partitions of auto-created topics: more than one, so consumer groups can share them. */
    public static final int DEFAULT_PARTITIONS = 4;

    private final Path logDirectory;
    private final boolean throwAway;
    private final int brokerPort;
    private final int controllerPort;
    private KafkaRaftServer server;

    private KafkaBroker(Path logDirectory, boolean throwAway, int brokerPort, int controllerPort) {
        this.logDirectory = logDirectory;
        this.throwAway = throwAway;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
    }

    /**
     * Formats the log directory when it is new and starts the broker. A null directory means a
     * throw-away one; port 0 means any free port.
     */
    public static KafkaBroker start(Path logDirectory, int brokerPort) {
        try {
            boolean throwAway = logDirectory == null;
            Path dir = throwAway ? Files.createTempDirectory("rig-kafka-") : logDirectory;
            KafkaBroker broker = new KafkaBroker(dir, throwAway, brokerPort > 0 ? brokerPort : FreePorts.pick(), FreePorts.pick());
            broker.start();
            return broker;
        } catch (IOException e) {
            throw new IllegalStateException("no log directory for the Kafka broker: " + e.getMessage(), e);
        }
    }

    public String bootstrapServers() {
        return "localhost:" + brokerPort;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** (Re)starts the broker with the same identity, ports and data. */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        Map<String, Object> props = serverProperties();
        try {
            formatIfNew(props);
            KafkaRaftServer s = new KafkaRaftServer(KafkaConfig.fromProps(toProperties(props)), Time.SYSTEM);
            s.startup();
            server = s;
            awaitPortOpen(Duration.ofSeconds(30));
        } catch (IOException e) {
            throw new IllegalStateException("Kafka broker did not start: " + e.getMessage(), e);
        }
    }

    /** Shuts the broker down cleanly; clients see it as gone until {@link #start()}. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
    }

    /** Stops the broker; a throw-away log directory goes with it. */
    @Override
    public void close() {
        stop();
        if (throwAway) {
            TempDirectories.delete(logDirectory);
        }
    }

    public Path logDirectory() {
        return logDirectory;
    }

    private Map<String, Object> serverProperties() {
        Map<String, Object> p = new HashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        p.put("listeners", "PLAINTEXT://localhost:" + brokerPort + ",CONTROLLER://localhost:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDirectory.toString());
        p.put("num.partitions", String.valueOf(DEFAULT_PARTITIONS));
        p.put("auto.create.topics.enable", "true");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("log.flush.interval.messages", "1");
        // Small segments and few threads: this broker runs beside the services on 2 cores.
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.put("log.segment.bytes", String.valueOf(16 * 1024 * 1024));
        return p;
    }

    private void formatIfNew(Map<String, Object> props) throws IOException {
        if (Files.exists(logDirectory.resolve("meta.properties"))) {
            return;
        }
        Path config = Files.createTempFile("rig-kafka-", ".properties");
        try {
            try (Writer w = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
                toProperties(props).store(w, "test-rig broker");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int rc = StorageTool$.MODULE$.execute(new String[] {
                    "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString(), "--ignore-formatted"},
                    new PrintStream(out, true, StandardCharsets.UTF_8));
            if (rc != 0) {
                throw new IllegalStateException("kafka storage format failed: " + out.toString(StandardCharsets.UTF_8));
            }
        } finally {
            Files.deleteIfExists(config);
        }
    }

    private void awaitPortOpen(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("localhost", brokerPort), 500);
                return;
            } catch (IOException notYet) {
                sleepQuietly(100);
            }
        }
        throw new IllegalStateException("Kafka broker port " + brokerPort + " did not open within " + timeout);
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Properties toProperties(Map<String, Object> map) {
        Properties p = new Properties();
        map.forEach((k, v) -> p.setProperty(k, String.valueOf(v)));
        return p;
    }
}
