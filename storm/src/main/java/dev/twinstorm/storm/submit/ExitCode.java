package dev.twinstorm.storm.submit;

/** The exit codes of TopologyMain and NimbusCommand, so callers can tell failures apart without parsing stderr. */
public final class ExitCode {
    /** Done; the JSON result is on stdout. */
    public static final int OK = 0;
    /** Anything else: bad arguments, a bad spec, a rejected submit. */
    public static final int FAILED = 1;
    /** The named topology is not running. */
    public static final int NOT_FOUND = 2;
    /** Nimbus did not answer at the given address. */
    public static final int UNREACHABLE = 3;
    /** A topology with that name is already running (submit). */
    public static final int ALREADY_RUNNING = 4;

    private ExitCode() {
    }
}
