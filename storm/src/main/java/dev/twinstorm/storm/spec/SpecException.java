package dev.twinstorm.storm.spec;

/** A topology spec (or a command line) this runner cannot use; the message names the component, stream or grouping. */
public class SpecException extends Exception {
    private static final long serialVersionUID = 1L;

    public SpecException(String message) {
        super(message);
    }

    public SpecException(String message, Throwable cause) {
        super(message, cause);
    }
}
