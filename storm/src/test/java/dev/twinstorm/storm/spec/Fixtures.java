package dev.twinstorm.storm.spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the JSON spec fixtures under src/test/resources/specs. */
public final class Fixtures {
    private Fixtures() {
    }

    public static String text(String name) {
        try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream("specs/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture specs/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TopologySpec spec(String name) throws SpecException {
        return SpecParser.parse(text(name));
    }
}
