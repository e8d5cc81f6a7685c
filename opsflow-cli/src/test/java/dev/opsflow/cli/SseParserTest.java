package dev.opsflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {
  private static List<SseParser.SseEvent> parse(String... lines) {
    var parser = new SseParser();
    List<SseParser.SseEvent> events = new ArrayList<>();
    for (String line : lines) {
      parser.accept(line).ifPresent(events::add);
    }
    return events;
  }

  @Test
  void a_blank_line_dispatches_the_collected_fields() {
    var events = parse("event: task-event", "id: 12", "data: {\"seq\":12}", "");

    assertThat(events).containsExactly(new SseParser.SseEvent("task-event", "{\"seq\":12}", "12"));
  }

  @Test
  void nothing_is_dispatched_before_the_blank_line() {
    assertThat(parse("event: end", "data: {}")).isEmpty();
  }

  @Test
  void several_data_lines_are_joined_with_newlines() {
    assertThat(parse("data: a", "data:b", "data:  c", "").get(0).data()).isEqualTo("a\nb\n c");
  }

  @Test
  void comments_and_unknown_fields_are_ignored_and_the_type_defaults_to_message() {
    var events = parse(": keep-alive", "retry: 3000", "foo: bar", "data: x", "");

    assertThat(events).containsExactly(new SseParser.SseEvent("message", "x", null));
  }

  @Test
  void an_event_without_data_is_not_dispatched_and_resets_the_type() {
    var events = parse("event: end", "", "data: y", "");

    assertThat(events).containsExactly(new SseParser.SseEvent("message", "y", null));
  }

  @Test
  void the_last_id_carries_over_to_later_events() {
    var events = parse("id: 5", "data: a", "", "event: log", "data: b", "");

    assertThat(events).extracting(SseParser.SseEvent::id).containsExactly("5", "5");
  }

  @Test
  void a_field_without_colon_has_an_empty_value() {
    assertThat(parse("data", "").get(0).data()).isEmpty();
  }

  @Test
  void the_seq_of_a_task_event_comes_from_its_data_before_its_id() {
    assertThat(TaskStream.seqOf(new SseParser.SseEvent("task-event", "{\"seq\":7}", "3"))).isEqualTo(7);
    assertThat(TaskStream.seqOf(new SseParser.SseEvent("task-event", "{}", "9"))).isEqualTo(9);
    assertThat(TaskStream.seqOf(new SseParser.SseEvent("task-event", "{}", null))).isZero();
  }
}
