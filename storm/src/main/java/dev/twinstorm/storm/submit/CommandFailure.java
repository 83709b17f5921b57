package dev.twinstorm.storm.submit;

/** A failure that ends a command with an exit code and one stderr line. */
public class CommandFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    public CommandFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CommandFailure(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** The process exit code this failure maps to (see ExitCode). */
    public int exitCode() {
        return exitCode;
    }
}
