package dev.twinstorm.storm.spec;

/** One subscription of a bolt: a source component's stream and the grouping. */
public record InputSpec(String component, String stream, GroupingSpec grouping) {
}
