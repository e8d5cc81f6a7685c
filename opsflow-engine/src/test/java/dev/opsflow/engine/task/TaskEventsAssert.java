package dev.opsflow.engine.task;

import java.util.List;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ListAssert;

/** AssertJ-style assertions on an event sequence: {@code assertThatEvents(events).trail().containsExactly(...)}. */
final class TaskEventsAssert extends AbstractAssert<TaskEventsAssert, List<TaskEvent>> {
    private TaskEventsAssert(List<TaskEvent> actual) {
        super(actual, TaskEventsAssert.class);
    }

    static TaskEventsAssert assertThatEvents(List<TaskEvent> events) {
        return new TaskEventsAssert(events);
    }

    /** @return the events as "TYPE node" strings ("TYPE" for task events) */
    static List<String> trail(List<TaskEvent> events) {
        return events.stream().map(e -> e.nodeId() == null ? e.type() : e.type() + " " + e.nodeId()).toList();
    }

    /** @return an assertion on the types, in order */
    ListAssert<String> types() {
        isNotNull();
        return Assertions.assertThat(actual.stream().map(TaskEvent::type).toList());
    }

    /** @return an assertion on the "TYPE node" trail, in order */
    ListAssert<String> trail() {
        isNotNull();
        return Assertions.assertThat(trail(actual));
    }

    /** Sequence numbers are 1-based... continuing without gaps, and every event has a time and actor. */
    TaskEventsAssert haveGapFreeSequenceFrom(long first) {
        isNotNull();
        for (int i = 0; i < actual.size(); i++) {
            var e = actual.get(i);
            if (e.seq() != first + i) failWithMessage("event %s has seq %s, expected %s", e, e.seq(), first + i);
            if (e.at() == null || e.actor() == null) failWithMessage("event %s lacks time or actor", e);
        }
        return this;
    }

    /** Only the listed node ids appear (task events ignored). */
    TaskEventsAssert touchOnlyNodes(String... nodeIds) {
        isNotNull();
        var touched = actual.stream().map(TaskEvent::nodeId).filter(java.util.Objects::nonNull).distinct().toList();
        Assertions.assertThat(touched).as("nodes touched by events").containsOnly(nodeIds);
        return this;
    }
}
