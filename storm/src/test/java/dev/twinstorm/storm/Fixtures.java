package dev.twinstorm.storm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the JSON spec fixtures under src/test/resources/specs. */
final class Fixtures {
    private Fixtures() {
    }

    static String text(String name) {
        try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream("specs/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture specs/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static TopologySpec spec(String name) throws SpecException {
        return SpecParser.parse(text(name));
    }
}
