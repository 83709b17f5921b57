package dev.twinstorm.storm.spec;

import java.util.List;

/** The command of a foreign multilang component (e.g. a storm.py bolt), run without a shell from the jar's resources/. */
public record ShellCommand(String command, List<String> args) {
    public ShellCommand {
        args = List.copyOf(args);
    }
}
