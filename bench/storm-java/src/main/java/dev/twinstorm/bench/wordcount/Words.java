package dev.twinstorm.bench.wordcount;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * examples/wordcount/words.ts in Java, so every scenario counts the same words: lowercase with the full Unicode mapping
 * (Locale.ROOT, as JavaScript's toLowerCase: 'İ' becomes "i̇", final sigma), split on runs of anything that is not a
 * letter, mark or number (code points, not UTF-16 units), drop empty pieces. SplitCheck proves it on the corpus.
 */
public final class Words {
    private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{M}\\p{N}]+");

    private Words() {
    }

    /** The words of one sentence, in order. */
    public static List<String> split(String sentence) {
        List<String> words = new ArrayList<>();
        for (String piece : SEPARATORS.split(sentence.toLowerCase(Locale.ROOT))) {
            if (!piece.isEmpty()) {
                words.add(piece);
            }
        }
        return words;
    }
}
