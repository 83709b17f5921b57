package dev.twinstorm.storm.submit;

import dev.twinstorm.storm.spec.SpecException;

import java.io.PrintStream;
import java.util.function.ToIntBiFunction;

/** The shell both Java commands share: a claimed stdout, quiet logging, one stderr line per failure, an explicit exit. */
final class CommandLine {
    private CommandLine() {
    }

    /** Runs `command` with our stdout and stderr, then exits with its code (Storm leaves non-daemon threads behind). */
    static void exit(ToIntBiFunction<PrintStream, PrintStream> command) {
        PrintStream out = Stdout.claim();
        Logging.quiet();
        int code = command.applyAsInt(out, System.err);
        System.err.flush();
        System.exit(code);
    }

    /** Prints the one line a failure gets and returns its exit code; `what` prefixes errors that are not ours. */
    static int failure(Throwable e, String what, PrintStream err) {
        if (e instanceof CommandFailure failure) {
            err.println(failure.getMessage());
            return failure.exitCode();
        }
        if (e instanceof SpecException) {
            err.println(e.getMessage());
            return ExitCode.FAILED;
        }
        err.println(what + ": " + NimbusConnection.rootMessage(e));
        return ExitCode.FAILED;
    }
}
