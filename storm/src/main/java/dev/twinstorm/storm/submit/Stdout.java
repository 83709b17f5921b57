package dev.twinstorm.storm.submit;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Keeps stdout for the one JSON result: takes the real stdout (UTF-8) and points System.out at stderr, so anything
 * Storm or log4j prints cannot corrupt what callers parse.
 */
final class Stdout {
    private Stdout() {
    }

    /** Call first thing in main: returns the real stdout and sends System.out to stderr. */
    static PrintStream claim() {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        return out;
    }
}
