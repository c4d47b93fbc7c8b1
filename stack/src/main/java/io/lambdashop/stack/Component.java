package io.lambdashop.stack;

import io.lambdashop.launcher.Components;
import io.lambdashop.launcher.Health;
import io.lambdashop.launcher.ModuleProcess;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * One process of the embedded stack: how to start it, and how to tell that it is healthy.
 * The order of {@link #values()} is the start order; the stack stops them in reverse.
 */
public enum Component {
    KAFKA("kafka"),
    HIVE("hive"),
    SPEED_LAYER("speed-layer"),
    ARCHIVER("archiver"),
    SCHEDULER("scheduler"),
    SERVING_LAYER("serving-layer");

    /** A streaming job whose status file is older than this has stalled or died. */
    static final Duration STATUS_MAX_AGE = Duration.ofSeconds(30);

    private static final Duration SPARK_START_TIMEOUT = Duration.ofSeconds(240);

    private final String id;

    Component(String id) {
        this.id = id;
    }

    /** The name used for its log, pid and status files. */
    public String id() {
        return id;
    }

    /**
     * Starts the component and returns once it is healthy; {@code onLaunch} gets its
     * process as soon as it runs.
     */
    ModuleProcess start(StackConfig config, Consumer<ModuleProcess> onLaunch) {
        return switch (this) {
            case KAFKA -> Components.startKafka(config.dataDir(), config.kafkaPort(),
                    config.kafkaControllerPort(), onLaunch);
            case HIVE -> Components.startHive(config.dataDir(), config.metastorePort(),
                    config.hivePort(), config.viewsUri(), onLaunch);
            case SPEED_LAYER -> startAndAwait(config, onLaunch, "speed-layer",
                    "io.lambdashop.speed.SpeedLayer", "-Xmx2g",
                    List.of("--bootstrap", config.bootstrapServers()));
            case ARCHIVER -> startAndAwait(config, onLaunch, "batch-layer",
                    "io.lambdashop.batch.Archiver", "-Xmx1536m", batchArgs(config));
            case SCHEDULER -> startAndAwait(config, onLaunch, "batch-layer",
                    "io.lambdashop.batch.BatchScheduler", "-Xmx2g", batchArgs(config));
            case SERVING_LAYER -> startAndAwait(config, onLaunch, "serving-layer",
                    "io.lambdashop.serving.ServingLayer", "-Xmx1g",
                    List.of("--port", Integer.toString(config.servingPort()),
                            "--bootstrap", config.bootstrapServers(),
                            "--hive-url", config.hiveJdbcUrl()));
        };
    }

    /** Whether the component answers right now (its process may still be starting). */
    boolean isHealthy(StackConfig config) {
        return switch (this) {
            case KAFKA -> Health.portOpen(StackConfig.HOST, config.kafkaPort());
            case HIVE -> Health.portOpen(StackConfig.HOST, config.hivePort())
                    && java.nio.file.Files.exists(config.dataDir().resolve("hive/ready"));
            case SPEED_LAYER, ARCHIVER, SCHEDULER ->
                    Health.fresh(config.statusFile(id), STATUS_MAX_AGE);
            case SERVING_LAYER -> Health.httpOk(config.dashboardUrl() + "api/health");
        };
    }

    private ModuleProcess startAndAwait(StackConfig config, Consumer<ModuleProcess> onLaunch,
            String module, String mainClass, String heap, List<String> extraArgs) {
        List<String> args = new java.util.ArrayList<>(
                List.of("--data-dir", config.dataDir().toString()));
        args.addAll(extraArgs);
        java.time.Instant startedAt = java.time.Instant.now();
        ModuleProcess process = ModuleProcess.start(id, module, mainClass, List.of(heap), args,
                config.logFile(id));
        onLaunch.accept(process);

        // A status file left by the previous run must not pass for this one.
        process.awaitHealthy(() -> isHealthy(config) && writtenSince(config, startedAt),
                SPARK_START_TIMEOUT);
        return process;
    }

    private boolean writtenSince(StackConfig config, java.time.Instant startedAt) {
        if (this == SERVING_LAYER) {
            return true;
        }
        try {
            return java.nio.file.Files.getLastModifiedTime(config.statusFile(id)).toInstant()
                    .isAfter(startedAt);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static List<String> batchArgs(StackConfig config) {
        return List.of("--bootstrap", config.bootstrapServers(),
                "--metastore-uri", config.metastoreUri(),
                "--master-uri", config.masterUri(),
                "--views-uri", config.viewsUri());
    }
}
