package io.lambdashop.stack;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code ./lambda up | down | status}: the embedded stack's life cycle. */
@Command(name = "lambda", mixinStandardHelpOptions = true,
        subcommands = {StackCli.Up.class, StackCli.Down.class, StackCli.Status.class},
        description = "Runs the whole Lambda pipeline on this machine.")
public final class StackCli {

    /** Exit code of a wrong flag, as for every command of ./lambda. */
    static final int USAGE = 2;

    @Option(names = "--data-dir", defaultValue = "data", scope = CommandLine.ScopeType.INHERIT,
            description = "Where every component keeps its data and logs (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new StackCli())
                .setExitCodeExceptionMapper(e -> 1);
        commandLine.setParameterExceptionHandler((e, arguments) -> {
            e.getCommandLine().getErr().println(e.getMessage());
            e.getCommandLine().usage(e.getCommandLine().getErr());
            return USAGE;
        });
        System.exit(commandLine.execute(args));
    }

    StackConfig config() {
        return StackConfig.defaults(dataDir);
    }

    @Command(name = "up", description = "Starts every component, waits until each is "
            + "healthy, and stops them all on Ctrl-C.")
    static final class Up implements Callable<Integer> {

        @CommandLine.ParentCommand
        StackCli parent;

        @Option(names = "--detach", description = "Return once healthy and leave the "
                + "components running; stop them with ./lambda down.")
        boolean detach;

        @Option(names = "--storage-uri", paramLabel = "URI", description = "A Hadoop file "
                + "system folder for the master dataset and the batch views, e.g. "
                + "hdfs://namenode:8020/lambda (default: the data dir).")
        String storageUri;

        @Override
        public Integer call() throws InterruptedException {
            StackConfig config = parent.config().withStorage(storageUri);
            Stack stack = Stack.create(config);

            // Hooked before the first start: Ctrl-C while a component is still starting
            // stops those already launched instead of leaving them behind.
            CountDownLatch stopped = new CountDownLatch(1);
            Thread stopOnSignal = new Thread(() -> {
                stack.close();
                stopped.countDown();
            }, "stack-shutdown");
            Runtime.getRuntime().addShutdownHook(stopOnSignal);
            try {
                stack.startAll(EnumSet.allOf(Component.class));
            } catch (IllegalStateException e) {
                System.err.println(stack.closing()
                        ? "Stopped while starting; every component launched is stopped again."
                        : "Cannot start the stack: " + e.getMessage());
                return 1;
            }

            System.out.println();
            System.out.println("All components are healthy. Dashboard: " + config.dashboardUrl());
            System.out.println("Hive SQL: ./lambda sql \"SHOW TABLES IN ecommerce\"");
            if (detach) {
                Runtime.getRuntime().removeShutdownHook(stopOnSignal);
                System.out.println("Stop with: ./lambda down");
                return 0;
            }
            System.out.println("Press Ctrl-C (or run ./lambda down) to stop.");
            watch(stack, stopped);
            return 0;
        }

        /** Reports, once each, a component that dies; ./lambda status shows it too. */
        private static void watch(Stack stack, CountDownLatch stopped)
                throws InterruptedException {
            List<String> reported = new java.util.ArrayList<>();
            while (!stopped.await(2, java.util.concurrent.TimeUnit.SECONDS)) {
                for (String dead : stack.deadComponents()) {
                    if (!reported.contains(dead)) {
                        reported.add(dead);
                        System.err.println(dead + " has stopped; see "
                                + stack.config().logFile(dead));
                    }
                }
            }
        }
    }

    @Command(name = "down", description = "Stops the components of a running stack.")
    static final class Down implements Callable<Integer> {

        @CommandLine.ParentCommand
        StackCli parent;

        @Override
        public Integer call() {
            int stopped = Stack.stopRunning(parent.config());
            System.out.println(stopped == 0 ? "Nothing was running."
                    : "Stopped " + stopped + " components.");
            return 0;
        }
    }

    @Command(name = "status", description = "Shows each component, consumer lag and the "
            + "batch boundary; exits 0 only when every component is healthy.")
    static final class Status implements Callable<Integer> {

        @CommandLine.ParentCommand
        StackCli parent;

        @Override
        public Integer call() {
            return new StatusReport(parent.config()).print(System.out) ? 0 : 1;
        }
    }
}
