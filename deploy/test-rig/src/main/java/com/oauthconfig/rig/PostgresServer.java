package com.oauthconfig.rig;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;

/**
 * A real PostgreSQL server: the one named by {@code RIG_POSTGRES_URL} when given
 * ({@code postgresql://user:password@host:port}), otherwise an embedded server started from
 * Maven Central binaries. Each service gets its own database on it.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String EXTERNAL_URL_ENV = "RIG_POSTGRES_URL";

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    /** Null for an external server. */
    private final Path dataDirectory;
    private final boolean throwAway;
    private EmbeddedPostgres embedded;

    private PostgresServer(String host, int port, String user, String password, Path dataDirectory, boolean throwAway) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.dataDirectory = dataDirectory;
        this.throwAway = throwAway;
    }

    /**
     * The external server when {@code RIG_POSTGRES_URL} names one, else an embedded one on the
     * given port (0: any free port) and data directory (null: a throw-away one).
     */
    public static PostgresServer startDefault(Path dataDirectory, int port) {
        String external = System.getenv(EXTERNAL_URL_ENV);
        if (external != null && !external.isBlank()) {
            URI url = URI.create(external);
            String[] userInfo = Objects.requireNonNullElse(url.getUserInfo(), "postgres:postgres").split(":", 2);
            return new PostgresServer(url.getHost(), url.getPort() > 0 ? url.getPort() : 5432, userInfo[0],
                    userInfo.length > 1 ? userInfo[1] : "", null, false);
        }
        try {
            boolean throwAway = dataDirectory == null;
            Path dir = throwAway ? Files.createTempDirectory("rig-pg-") : dataDirectory;
            PostgresServer server = new PostgresServer("localhost", port > 0 ? port : FreePorts.pick(), "postgres",
                    "postgres", dir, throwAway);
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("no data directory for embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    public boolean isEmbedded() {
        return dataDirectory != null;
    }

    /** (Re)starts the embedded server on the same port and data; fault tests call it after {@link #stop()}. */
    public synchronized void start() {
        if (!isEmbedded() || embedded != null) {
            return;
        }
        try {
            Files.createDirectories(dataDirectory);
            stopOrphanedServer();
            embedded = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(30))
                    .setServerConfig("max_connections", "300")
                    // A throw-away test database need not survive a power cut; the local stack's must.
                    .setServerConfig("fsync", throwAway ? "off" : "on")
                    .setServerConfig("synchronous_commit", throwAway ? "off" : "on")
                    .setRegisterShutdownHook(true)
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("embedded PostgreSQL did not start on port " + port + ": " + e.getMessage(), e);
        } catch (IllegalStateException e) {
            if (String.valueOf(e.getMessage()).contains("Missing embedded postgres binaries")) {
                throw new IllegalStateException(NO_BINARIES, e);
            }
            throw e;
        }
    }

    /** What to do on a machine whose OS or architecture has no bundled binaries (deploy/test-rig/pom.xml profiles). */
    static final String NO_BINARIES = "no embedded PostgreSQL binaries for " + System.getProperty("os.name") + "/"
            + System.getProperty("os.arch") + " (bundled: Linux x86-64 and arm64, macOS x86-64 and arm64). Start a PostgreSQL 14+"
            + " server yourself and set " + EXTERNAL_URL_ENV + "=postgresql://USER:PASSWORD@HOST:PORT (the user must be"
            + " allowed to create databases).";

    /**
     * A launcher killed with SIGKILL leaves its PostgreSQL daemon running on the data directory;
     * the next start would fail on it. Stop it first (SIGTERM: a "smart" shutdown, no data loss).
     */
    private void stopOrphanedServer() throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
        if (!first.matches("\\d+")) {
            return;
        }
        ProcessHandle.of(Long.parseLong(first))
                .filter(h -> h.info().command().map(c -> c.contains("postgres")).orElse(false))
                .ifPresent(orphan -> {
                    orphan.destroy();
                    try {
                        orphan.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (Exception e) {
                        orphan.destroyForcibly();
                    }
                });
    }

    /**
     * Stops the embedded server, keeping its data so {@link #start()} brings it back. An external
     * server ({@value #EXTERNAL_URL_ENV}) is not the rig's to stop: an outage test run against one
     * fails here instead of passing without an outage.
     */
    public synchronized void stop() {
        if (!isEmbedded()) {
            throw new IllegalStateException("an outage needs the embedded PostgreSQL; " + EXTERNAL_URL_ENV
                    + " names an external server, which the rig does not stop");
        }
        if (embedded == null) {
            return;
        }
        try {
            embedded.close();
        } catch (IOException e) {
            throw new IllegalStateException("embedded PostgreSQL did not stop: " + e.getMessage(), e);
        } finally {
            embedded = null;
        }
    }

    public synchronized boolean isRunning() {
        return !isEmbedded() || embedded != null;
    }

    /**
     * Stops an embedded server; a throw-away data directory goes with it (a test JVM's would
     * otherwise stay in /tmp for good). At JVM exit the embedded library's own shutdown hook may be
     * stopping the server at the same time, and then {@link #stop()} returns at once: the
     * directory is deleted only once the postmaster has gone ({@code postmaster.pid} removed).
     */
    @Override
    public void close() {
        if (isEmbedded()) {
            stop();
            if (throwAway) {
                awaitStopped(Duration.ofSeconds(30));
                TempDirectories.delete(dataDirectory);
            }
        }
    }

    /**
     * Waits (at most {@code cap}) until the embedded server's postmaster has exited, whoever stopped
     * it; before its data directory is deleted. Returns at once for an external server.
     */
    public void awaitStopped(Duration cap) {
        if (!isEmbedded()) {
            return;
        }
        Path pid = dataDirectory.resolve("postmaster.pid");
        long deadline = System.nanoTime() + cap.toNanos();
        while (Files.exists(pid) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The embedded server's data directory; null for an external server. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** The URL form the Vert.x reactive client takes. */
    public String reactiveUrl(String database) {
        return "postgresql://" + host + ":" + port + "/" + database;
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), user, password);
    }

    /** Creates the database if it does not exist yet; safe when several JVMs race to create it. */
    public void ensureDatabase(String database) {
        if (!database.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a plain database name: " + database);
        }
        try (Connection c = connect("postgres")) {
            try (PreparedStatement exists = c.prepareStatement("select 1 from pg_database where datname = ?")) {
                exists.setString(1, database);
                try (ResultSet rs = exists.executeQuery()) {
                    if (rs.next()) {
                        return;
                    }
                }
            }
            try (Statement create = c.createStatement()) {
                create.execute("create database " + database);
            } catch (SQLException e) {
                // 42P04 / 23505: another JVM created it meanwhile.
                if (!"42P04".equals(e.getSQLState()) && !"23505".equals(e.getSQLState())) {
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + database + ": " + e.getMessage(), e);
        }
    }
}
