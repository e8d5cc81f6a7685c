package dev.opsflow.cli;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * An RFC 9457 problem document as the server sends it (docs/api.md, "Errors"), with the
 * validation {@code problems} list, and its rendering for the terminal.
 */
public record Problem(int status, String title, String detail, List<Entry> problems) {
  /** One validation problem; {@code nodeId}, {@code field} and {@code line} may be absent. */
  public record Entry(String nodeId, String field, Integer line, String code, String message) {
    static Entry from(JsonNode json) {
      JsonNode line = json.get("line");
      return new Entry(
          Json.text(json, "nodeId", null),
          Json.text(json, "field", null),
          line != null && line.isNumber() ? line.asInt() : null,
          Json.text(json, "code", null),
          Json.text(json, "message", Json.text(json, "code", "invalid")));
    }

    /** {@code node 'x' (line 12): field: message}, leaving out what is absent. */
    public String render() {
      var where = new StringBuilder();
      if (nodeId != null) where.append("node '").append(nodeId).append("'");
      if (line != null) where.append(where.isEmpty() ? "line " + line : " (line " + line + ")");
      return join(where.toString(), field, message);
    }

    /** {@code file:12: node 'x': field: message}, the compiler-style form of {@code template validate}. */
    public String renderForFile(String file) {
      String location = line != null ? file + ":" + line : file;
      return join(location, nodeId == null ? null : "node '" + nodeId + "'", field, message);
    }

    private static String join(String... parts) {
      var out = new StringBuilder();
      for (String part : parts) {
        if (part == null || part.isEmpty()) continue;
        if (!out.isEmpty()) out.append(": ");
        out.append(part);
      }
      return out.toString();
    }
  }

  /** Reads a problem from a response body; a non-problem body gives a generic problem. */
  public static Problem parse(int status, String body) {
    JsonNode json = Json.parseOrMissing(body);
    if (!json.isObject()) {
      String text = body == null ? "" : body.strip();
      String detail = text.isEmpty() || text.startsWith("<") ? null : firstLine(text);
      return new Problem(status, null, detail, List.of());
    }
    return new Problem(
        status,
        Json.text(json, "title", null),
        Json.text(json, "detail", Json.text(json, "message", null)),
        entries(json.get("problems")));
  }

  /** Parses a {@code problems} array (also used by the validate endpoint). */
  public static List<Entry> entries(JsonNode array) {
    List<Entry> entries = new ArrayList<>();
    if (array != null && array.isArray()) {
      array.forEach(item -> entries.add(Entry.from(item)));
    }
    return entries;
  }

  /** The lines printed for this problem: {@code error: detail}, then one line per entry. */
  public List<String> render() {
    List<String> lines = new ArrayList<>();
    lines.add("error: " + headline());
    for (Entry entry : problems) {
      lines.add("  " + entry.render());
    }
    return lines;
  }

  /** The detail, else the title, else the bare status. */
  public String headline() {
    if (detail != null) return detail;
    if (title != null) return title;
    return "the server answered HTTP " + status;
  }

  private static String firstLine(String text) {
    int nl = text.indexOf('\n');
    return nl < 0 ? text : text.substring(0, nl);
  }
}
