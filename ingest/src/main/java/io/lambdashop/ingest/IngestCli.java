package io.lambdashop.ingest;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;

/**
 * Feeds the {@code transactions} topic: {@code replay} for the real Online Retail files,
 * {@code generate} for synthetic sales.
 *
 * <p>Exit codes: 0 done, 1 failed (the reason on stderr, e.g. Kafka unreachable), 2 wrong
 * usage (the usage follows the error).
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        subcommands = {ReplayCommand.class, GenerateCommand.class},
        description = "Publishes transaction events into Kafka.")
public final class IngestCli implements Runnable {

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, ready to {@code execute}; tests run it in-process. */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new IngestCli());
        commandLine.setParameterExceptionHandler((exception, args) -> {
            // Always the full usage of the command that was wrong, not only a suggestion.
            CommandLine wrong = exception.getCommandLine();
            PrintWriter err = wrong.getErr();
            err.println("ingest: " + exception.getMessage());
            UnmatchedArgumentException.printSuggestions(exception, err);
            wrong.usage(err);
            err.flush();
            return CommandLine.ExitCode.USAGE;
        });
        commandLine.setExecutionExceptionHandler((exception, failed, parseResult) -> {
            if (exception instanceof IngestException) {
                // An expected failure: the message says what to do, a stack trace would not.
                failed.getErr().println("ingest: " + exception.getMessage());
                failed.getErr().flush();
                return 1;
            }
            throw exception;
        });
        return commandLine;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: replay or generate");
    }
}
