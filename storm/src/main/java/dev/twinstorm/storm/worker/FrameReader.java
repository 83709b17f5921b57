package dev.twinstorm.storm.worker;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads multilang frames (lines up to a line that is exactly {@code end}) straight from the child's stdout bytes. It
 * yields the text the stock serializer's BufferedReader.readLine loop yields (lines end at \n, \r\n or \r and are
 * joined with \n; malformed UTF-8 becomes U+FFFD), without its per-line decoding and copying: one bulk read serves
 * every frame it holds, and a one-line frame is decoded once, in place.
 */
final class FrameReader {
    private static final int READ_SIZE = 64 * 1024;

    private final InputStream in;
    private byte[] buffer = new byte[READ_SIZE];
    private int pos;
    private int limit;
    /** Where the current frame starts in buffer; fill() keeps buffer[frameStart, limit) and moves it to the front. */
    private int frameStart;
    /** The last line ended with \r: a \n right after it belongs to that line end. */
    private boolean skipLf;
    /** The current frame's lines as (from, to) pairs of offsets relative to frameStart. */
    private int[] lines = new int[8];
    private int lineCount;
    private String partial = "";

    FrameReader(InputStream in) {
        this.in = in;
    }

    /** The next frame's text, or null when the stream ends before its end line ({@link #partial()} has what came). */
    String next() throws IOException {
        lineCount = 0;
        frameStart = pos;
        while (true) {
            if (skipLf) {
                if (pos == limit && !fill()) {
                    return endOfStream(pos - frameStart);
                }
                if (buffer[pos] == '\n') {
                    pos++;
                }
                skipLf = false;
            }
            int from = pos - frameStart;
            int scan = pos;
            while (true) {
                byte[] bytes = buffer;
                int end = limit;
                while (scan < end && bytes[scan] != '\n' && bytes[scan] != '\r') {
                    scan++;
                }
                if (scan < end) {
                    break;
                }
                int moved = frameStart;
                pos = end;
                if (!fill()) {
                    return endOfStream(from);
                }
                scan -= moved;
            }
            skipLf = buffer[scan] == '\r';
            scan -= frameStart;
            pos = frameStart + scan + 1;
            if (isEnd(from, scan)) {
                return text();
            }
            addLine(from, scan);
        }
    }

    /** What was read of an unfinished frame when the stream ended, for the broken-pipe message. */
    String partial() {
        return partial;
    }

    /** At the end of the stream, a last line without its line end still counts, as BufferedReader.readLine has it. */
    private String endOfStream(int from) {
        int to = limit - frameStart;
        pos = limit;
        if (to > from) {
            if (isEnd(from, to)) {
                return text();
            }
            addLine(from, to);
        }
        partial = text();
        return null;
    }

    private boolean isEnd(int from, int to) {
        int at = frameStart + from;
        return to - from == 3 && buffer[at] == 'e' && buffer[at + 1] == 'n' && buffer[at + 2] == 'd';
    }

    private void addLine(int from, int to) {
        if (lineCount * 2 == lines.length) {
            lines = Arrays.copyOf(lines, lines.length * 2);
        }
        lines[lineCount * 2] = from;
        lines[lineCount * 2 + 1] = to;
        lineCount++;
    }

    /** The frame's lines joined with \n, decoded as UTF-8. */
    private String text() {
        if (lineCount == 0) {
            return "";
        }
        if (lineCount == 1) {
            return new String(buffer, frameStart + lines[0], lines[1] - lines[0], StandardCharsets.UTF_8);
        }
        int length = lineCount - 1;
        for (int i = 0; i < lineCount; i++) {
            length += lines[i * 2 + 1] - lines[i * 2];
        }
        byte[] joined = new byte[length];
        int at = 0;
        for (int i = 0; i < lineCount; i++) {
            if (i > 0) {
                joined[at++] = '\n';
            }
            int n = lines[i * 2 + 1] - lines[i * 2];
            System.arraycopy(buffer, frameStart + lines[i * 2], joined, at, n);
            at += n;
        }
        return new String(joined, StandardCharsets.UTF_8);
    }

    /** Keeps the current frame's bytes (moved to the front, growing the buffer if they fill it) and reads more after them. */
    private boolean fill() throws IOException {
        int kept = limit - frameStart;
        if (frameStart > 0) {
            System.arraycopy(buffer, frameStart, buffer, 0, kept);
            pos -= frameStart;
            frameStart = 0;
            limit = kept;
        } else if (limit == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        int n = in.read(buffer, limit, buffer.length - limit);
        if (n <= 0) {
            return false;
        }
        limit += n;
        return true;
    }
}
