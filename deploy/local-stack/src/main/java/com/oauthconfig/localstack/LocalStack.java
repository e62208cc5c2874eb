package com.oauthconfig.localstack;

import com.oauthconfig.rig.KafkaBroker;
import com.oauthconfig.rig.OidcProvider;
import com.oauthconfig.rig.PostgresServer;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * The whole system on one machine: PostgreSQL (embedded unless {@code RIG_POSTGRES_URL} names
 * one), a Kafka broker and the dev OIDC provider from the test rig, then every service from its
 * packaged jar, one or more instances each. Data lives under one folder and survives restarts.
 * The end-to-end tests start it too, with a throw-away folder and free ports.
 */
public final class LocalStack implements AutoCloseable {

    public static final String CONFIG = "config-service";
    public static final String TOKEN = "token-service";
    public static final String ALIAS = "credential-alias-service";
    /** The web console: served over HTTPS (a self-signed localhost certificate made once in the data folder). */
    public static final String CONSOLE = "console";
    private static final List<String> SERVICES = List.of(CONFIG, ALIAS, TOKEN);

    private final Options options;
    private final PostgresServer postgres;
    private final KafkaBroker kafka;
    private final OidcProvider oidc;
    private final EchoTarget echo;
    private final TraceCollector traces;
    private final Map<String, List<ServiceProcess>> services = new HashMap<>();
    /** Each service's Quarkus properties, kept so an instance can be started again with the same ones. */
    private final Map<String, Map<String, String>> settings = new HashMap<>();

    /**
     * Where things go; ports of 0 mean "any free port" (tests), otherwise fixed (people). With
     * {@code console}, one instance of the web console runs too, in front of the first instances.
     * run.sh checks the same fixed ports before it builds: keep its list in step with {@link #forPeople}.
     */
    public record Options(Path root, Path dataDir, int postgresPort, int kafkaPort, int oidcPort, int echoPort,
                          Map<String, Integer> servicePorts, int instances, boolean console, boolean traces) {

        /** The fixed ports, each shifted by {@code portOffset} (run.sh --port-offset) when another program holds them. */
        public static Options forPeople(Path root, Path dataDir, int instances, int portOffset) {
            return new Options(root, dataDir, 15432 + portOffset, 19092 + portOffset, 8090 + portOffset, 8070 + portOffset,
                    Map.of(CONFIG, 8081 + portOffset, TOKEN, 8082 + portOffset, ALIAS, 8083 + portOffset, CONSOLE, 8084 + portOffset),
                    instances, true, true);
        }

        public static Options forTests(Path root, Path dataDir, int instances) {
            return new Options(root, dataDir, 0, 0, 0, 0, Map.of(), instances, false, true);
        }

        public Options withConsole() {
            return new Options(root, dataDir, postgresPort, kafkaPort, oidcPort, echoPort, servicePorts, instances, true, traces);
        }

        /** The services record no spans (the benchmark: its peers trace nothing either). */
        public Options withoutTraces() {
            return new Options(root, dataDir, postgresPort, kafkaPort, oidcPort, echoPort, servicePorts, instances, console, false);
        }

        int portOf(String service, int instance) {
            Integer base = servicePorts.get(service);
            return base == null ? com.oauthconfig.rig.FreePorts.pick() : base + 100 * instance;
        }

        /** The management port (health, metrics, OpenAPI): 9081/9082/9083 (+100 per instance) for people. */
        int managementPortOf(String service, int instance) {
            Integer base = servicePorts.get(service);
            return base == null ? com.oauthconfig.rig.FreePorts.pick() : base + 1000 + 100 * instance;
        }
    }

    private LocalStack(Options options, PostgresServer postgres, KafkaBroker kafka, OidcProvider oidc, EchoTarget echo,
                       TraceCollector traces) {
        this.options = options;
        this.postgres = postgres;
        this.kafka = kafka;
        this.oidc = oidc;
        this.echo = echo;
        this.traces = traces;
    }

    /** Starts everything and returns when every instance is ready; on failure stops what started. */
    public static LocalStack start(Options options) throws IOException {
        Files.createDirectories(options.dataDir());
        PostgresServer pg = Progress.step("PostgreSQL", () -> PostgresServer.startDefault(options.dataDir().resolve("postgres"),
                options.postgresPort()), p -> (p.isEmbedded() ? "embedded, " : "external (RIG_POSTGRES_URL), ") + p.host() + ":" + p.port());
        KafkaBroker kafka = null;
        OidcProvider oidc = null;
        EchoTarget echo = null;
        TraceCollector traces = null;
        try {
            kafka = Progress.step("Kafka broker", () -> KafkaBroker.start(options.dataDir().resolve("kafka"), options.kafkaPort()),
                    KafkaBroker::bootstrapServers);
            oidc = Progress.step("dev OIDC provider", () -> OidcProvider.start(options.oidcPort()), OidcProvider::baseUrl);
            int echoPort = options.echoPort();
            echo = Progress.step("echo API (a stand-in third-party API)", () -> EchoTarget.start(echoPort), EchoTarget::url);
            if (options.traces()) {
                traces = Progress.step("trace collector (OTLP/HTTP)", () -> TraceCollector.start(0, options.dataDir().resolve("traces")),
                        t -> t.endpoint() + " -> " + t.file());
            }
        } catch (RuntimeException | IOException e) {
            if (echo != null) {
                echo.close();
            }
            if (oidc != null) {
                oidc.close();
            }
            if (kafka != null) {
                kafka.close();
            }
            pg.close();
            throw e;
        }
        LocalStack stack = new LocalStack(options, pg, kafka, oidc, echo, traces);
        try {
            stack.startServices();
        } catch (IOException | RuntimeException e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    private void startServices() throws IOException {
        Map<String, String> keys = devKeys(options.dataDir().resolve("dev-keys.properties"));
        // Ports first, so every service can be told where the others are.
        Map<String, List<Integer>> ports = new HashMap<>();
        for (String service : SERVICES) {
            List<Integer> list = new ArrayList<>();
            for (int i = 0; i < options.instances(); i++) {
                list.add(options.portOf(service, i));
            }
            ports.put(service, list);
        }
        List<ServiceProcess> started = new ArrayList<>();
        if (options.console()) {
            ports.put(CONSOLE, List.of(options.portOf(CONSOLE, 0)));
            Path certificate = ConsoleCertificate.ensure(options.dataDir().resolve("console-tls.p12"));
            Map<String, String> props = ConsoleLaunchSettings.of(oidc, keys.get(CONSOLE), keys.get(CONSOLE + "-csrf"), certificate,
                    name -> "http://localhost:" + ports.get(name).get(0));
            props.put("quarkus.http.ssl-port", String.valueOf(ports.get(CONSOLE).get(0)));
            settings.put(CONSOLE, props);
            ServiceProcess p = launch(CONSOLE, ports.get(CONSOLE).get(0), options.managementPortOf(CONSOLE, 0));
            services.computeIfAbsent(CONSOLE, k -> new ArrayList<>()).add(p);
            started.add(p);
        }
        for (String service : SERVICES) {
            Map<String, String> props = ServiceSettings.of(service, postgres, kafka, oidc, keys,
                    name -> "http://localhost:" + ports.get(name).get(0), traces == null ? null : traces.endpoint());
            if (TOKEN.equals(service)) {
                props.putAll(ssoSettings("http://localhost:" + ports.get(TOKEN).get(0)));
            }
            settings.put(service, props);
            for (int i = 0; i < options.instances(); i++) {
                ServiceProcess p = launch(service, ports.get(service).get(i), options.managementPortOf(service, i));
                services.computeIfAbsent(service, k -> new ArrayList<>()).add(p);
                started.add(p);
            }
        }
        // Wait for all in parallel: a slow one should not hide that another died.
        long since = System.nanoTime();
        List<CompletableFuture<Void>> ready = started.stream()
                .map(p -> CompletableFuture.runAsync(() -> {
                    p.awaitReady(Duration.ofMinutes(2));
                    Progress.ready(p.name() + " " + p.url(), since);
                })).toList();
        try {
            CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** SSO sign-in to the platform is on locally (LocalSso); the assertion is posted to the echo API. */
    private Map<String, String> ssoSettings(String tokenServiceUrl) throws IOException {
        return LocalSso.settings(tokenServiceUrl, oidc.platformIssuer(), echo.url() + "/sso/assertion",
                options.dataDir().resolve("sso-signing-key.jwk"));
    }

    private ServiceProcess launch(String service, int port, int managementPort) throws IOException {
        Path jar = options.root().resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
        Progress.starting(service + " (port " + port + ", management " + managementPort + ", log "
                + options.dataDir().resolve("logs").resolve(service + "-" + port + ".log") + ")");
        return ServiceProcess.start(service, jar, port, managementPort, settings.get(service), options.dataDir().resolve("logs"));
    }

    /**
     * Starts instance {@code index} of a service again, on its port with its settings, after it
     * stopped or was killed, and waits until it is ready (what an orchestrator does after a crash).
     */
    public void restart(String service, int index) throws IOException {
        ServiceProcess old = instances(service).get(index);
        if (ProcessHandle.of(old.pid()).map(ProcessHandle::isAlive).orElse(false)) {
            throw new IllegalStateException(service + " instance " + index + " is still running");
        }
        ServiceProcess fresh = launch(service, old.port(), old.managementPort());
        services.get(service).set(index, fresh);
        fresh.awaitReady(Duration.ofMinutes(2));
    }

    /** AES-256 key-encryption keys for local use, made once and kept with the data they protect. */
    static Map<String, String> devKeys(Path file) throws IOException {
        Properties p = new Properties();
        if (Files.exists(file)) {
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            }
        }
        boolean changed = false;
        for (String service : List.of(CONFIG, ALIAS, TOKEN, CONSOLE, CONSOLE + "-csrf")) {
            if (!p.containsKey(service)) {
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                p.setProperty(service, Base64.getEncoder().encodeToString(key));
                changed = true;
            }
        }
        if (changed) {
            try (Writer w = Files.newBufferedWriter(file)) {
                p.store(w, "local-stack key-encryption keys (development only; never use in production)");
            }
        }
        Map<String, String> keys = new HashMap<>();
        p.forEach((k, v) -> keys.put((String) k, (String) v));
        return keys;
    }

    public String url(String service) {
        return instances(service).get(0).url();
    }

    public boolean hasConsole() {
        List<ServiceProcess> list = services.get(CONSOLE);
        return list != null && !list.isEmpty();
    }

    /** The web console's address (HTTPS on localhost). */
    public String consoleUrl() {
        return "https://localhost:" + instances(CONSOLE).get(0).port();
    }

    public List<String> urls(String service) {
        return instances(service).stream().map(ServiceProcess::url).toList();
    }

    /** Where the first instance serves {@code /q/health}, {@code /q/metrics} and {@code /q/openapi}. */
    public String managementUrl(String service) {
        return instances(service).get(0).managementUrl();
    }

    public List<String> managementUrls(String service) {
        return instances(service).stream().map(ServiceProcess::managementUrl).toList();
    }

    List<ServiceProcess> instances(String service) {
        List<ServiceProcess> list = services.get(service);
        if (list == null || list.isEmpty()) {
            throw new IllegalArgumentException("no instance of " + service);
        }
        return list;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public OidcProvider oidc() {
        return oidc;
    }

    /** How far run.sh --port-offset shifted the fixed ports (0 for tests, whose ports are random). */
    int portOffset() {
        Integer config = options.servicePorts().get(CONFIG);
        return config == null ? 0 : config - 8081;
    }

    /** The stand-in third-party API that answers with what arrived (the walkthrough calls it through the token-service). */
    public String echoUrl() {
        return echo.url();
    }

    /** Where the trace collector writes every span the services export (one JSON object per line). */
    public Path tracesFile() {
        if (traces == null) {
            throw new IllegalStateException("this stack was started without traces");
        }
        return traces.file();
    }

    /** Child process ids, so a test can check that nothing is left after {@link #close()}. */
    public List<Long> servicePids() {
        return services.values().stream().flatMap(List::stream).map(ServiceProcess::pid).toList();
    }

    @Override
    public void close() {
        services.values().stream().flatMap(List::stream).parallel().forEach(ServiceProcess::stop);
        services.clear();
        quietly(echo::close);
        if (traces != null) {
            quietly(traces::close);
        }
        quietly(oidc::close);
        quietly(kafka::close);
        quietly(postgres::close);
    }

    private static void quietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            System.err.println("local-stack: " + e.getMessage());
        }
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("platform.root", ".")).toAbsolutePath().normalize();
        Path data = root.resolve(".local-data");
        int instances = 1;
        int portOffset = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data-dir" -> data = Path.of(args[++i]).toAbsolutePath();
                case "--instances" -> instances = Integer.parseInt(args[++i]);
                case "--port-offset" -> portOffset = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: run.sh [--data-dir DIR] [--instances N] [--port-offset N]");
                    System.exit(2);
                }
            }
        }
        long started = System.nanoTime();
        System.out.println("Starting PostgreSQL, Kafka, the dev OIDC provider, the echo API and the services (data in " + data + ") ...");
        LocalStack stack = start(Options.forPeople(root, data, instances, portOffset));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping ...");
            stack.close();
            stopped.countDown();
        }, "local-stack-stop"));
        System.out.print(Banner.text(stack, Duration.ofNanos(System.nanoTime() - started)));
        stopped.await();
    }
}
