package dev.twinstorm.storm.submit;

import dev.twinstorm.storm.spec.Json;
import dev.twinstorm.storm.spec.SpecException;

/** A Nimbus address given as host:port on a command line. */
public record HostPort(String host, int port) {
    /** Parses {@code host:port}; the message says what is wrong. */
    public static HostPort parse(String text) throws SpecException {
        int colon = text == null ? -1 : text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new SpecException("--nimbus must be host:port, got " + Json.describe(text));
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new SpecException("--nimbus port must be a number, got " + Json.describe(text));
        }
        if (port < 1 || port > 65535) {
            throw new SpecException("--nimbus port must be 1..65535, got " + port);
        }
        return new HostPort(host, port);
    }

    @Override
    public String toString() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}
