package dev.twinstorm.storm.spec;

import java.io.Serializable;
import java.util.List;

/** One declared output stream (its fields, and whether it is a direct stream); serializable as the shell components hold it. */
public record StreamSpec(List<String> fields, boolean direct) implements Serializable {
    private static final long serialVersionUID = 1L;

    public StreamSpec {
        fields = List.copyOf(fields);
    }
}
