package dev.opsflow.cli;

import java.util.Optional;

/**
 * Incremental parser of a Server-Sent Events stream (WHATWG HTML, "event stream interpretation"),
 * fed one line at a time.
 *
 * <p>{@code event:}, {@code data:} (several lines joined with '\n') and {@code id:} fields collect
 * until a blank line dispatches them as one {@link SseEvent}; lines starting with ':' are comments
 * (keep-alives); one space after the colon is dropped; unknown fields and {@code retry:} are
 * ignored. An event with no data is not dispatched. Not thread-safe: one parser per connection.
 */
public final class SseParser {
  /** One dispatched event; {@code type} defaults to "message", {@code id} is the last id seen or null. */
  public record SseEvent(String type, String data, String id) {}

  private String type;
  private StringBuilder data;
  private String lastId;

  /** Feeds one line (without its line terminator); returns the event a blank line completes. */
  public Optional<SseEvent> accept(String line) {
    if (line.isEmpty()) {
      return dispatch();
    }
    if (line.startsWith(":")) {
      return Optional.empty();
    }
    int colon = line.indexOf(':');
    String field = colon < 0 ? line : line.substring(0, colon);
    String value = colon < 0 ? "" : line.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    switch (field) {
      case "event" -> type = value;
      case "data" -> {
        if (data == null) {
          data = new StringBuilder(value);
        } else {
          data.append('\n').append(value);
        }
      }
      case "id" -> {
        if (value.indexOf('\0') < 0) {
          lastId = value;
        }
      }
      default -> {
        // "retry" and unknown fields: ignored
      }
    }
    return Optional.empty();
  }

  /** The id of the last event seen, kept across events as the spec's "last event ID". */
  public String lastId() {
    return lastId;
  }

  private Optional<SseEvent> dispatch() {
    Optional<SseEvent> event = data == null
        ? Optional.empty()
        : Optional.of(new SseEvent(type == null || type.isEmpty() ? "message" : type, data.toString(), lastId));
    type = null;
    data = null;
    return event;
  }
}
