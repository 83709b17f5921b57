package dev.twinstorm.bench.wordcount;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.storm.shade.net.minidev.json.JSONValue;

/**
 * The sentences of examples/wordcount/corpus.ts, from the jar's wordcount/sentences.json (a JSON array of strings that
 * bench/storm/java-jar.ts writes from corpus.ts before building), so Java and TypeScript emit the same text.
 */
public final class Corpus {
    /** Classpath resource holding the corpus. */
    public static final String RESOURCE = "wordcount/sentences.json";

    private Corpus() {
    }

    /** Reads and checks the corpus: a non-empty list of strings. */
    public static List<String> load() {
        String text;
        try (InputStream in = Corpus.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("classpath resource " + RESOURCE + " is missing from the jar");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + RESOURCE, e);
        }
        Object parsed = JSONValue.parse(text);
        if (!(parsed instanceof List<?> list) || list.isEmpty()) {
            throw new IllegalStateException(RESOURCE + " must be a non-empty JSON array of sentences");
        }
        List<String> sentences = new ArrayList<>(list.size());
        for (Object o : list) {
            if (!(o instanceof String s)) {
                throw new IllegalStateException(RESOURCE + ": every entry must be a string, got " + o);
            }
            sentences.add(s);
        }
        return List.copyOf(sentences);
    }
}
