package dev.twinstorm.bench.wordcount;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.storm.shade.net.minidev.json.JSONValue;

/**
 * Prints the words Words.split makes of every corpus sentence, as one JSON array of arrays (UTF-8), so
 * bench/storm/java-jar.ts can check them against words.ts's splitWords before any Storm run.
 */
public final class SplitCheck {
    private SplitCheck() {
    }

    public static void main(String[] args) {
        List<List<String>> words = new ArrayList<>();
        for (String sentence : Corpus.load()) {
            words.add(Words.split(sentence));
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        out.println(JSONValue.toJSONString(words));
    }
}
