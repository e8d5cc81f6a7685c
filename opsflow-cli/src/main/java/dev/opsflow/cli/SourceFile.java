package dev.opsflow.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A template or variables file read from disk: its text, whether it is JSON or YAML (by extension,
 * else by content: JSON starts with '{' or '['), and its parsed tree. The CLI sends template text
 * unchanged — the server validates it; the tree is only read for the {@code name:} field.
 */
public record SourceFile(Path path, String text, boolean json) {
  /** Reads {@code path}; a missing or unreadable file is a usage error. */
  public static SourceFile read(Path path) {
    if (!Files.isRegularFile(path)) {
      throw CliException.usage("no such file: " + path);
    }
    try {
      String text = Files.readString(path);
      return new SourceFile(path, text, isJson(path.getFileName().toString(), text));
    } catch (IOException e) {
      throw CliException.usage("cannot read " + path + ": " + e.getMessage());
    }
  }

  static boolean isJson(String fileName, String text) {
    String lower = fileName.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".json")) return true;
    if (lower.endsWith(".yaml") || lower.endsWith(".yml")) return false;
    String start = text.stripLeading();
    return start.startsWith("{") || start.startsWith("[");
  }

  /** {@code application/json} or {@code application/yaml}. */
  public String contentType() {
    return json ? "application/json" : "application/yaml";
  }

  /** The parsed document; a syntax error is a usage error naming the file. */
  public JsonNode tree() {
    try {
      JsonNode tree = json ? Json.MAPPER.readTree(text) : Json.YAML.readTree(text);
      return tree == null ? Json.object() : tree;
    } catch (JacksonException e) {
      throw CliException.usage("cannot parse " + path + ": " + e.getOriginalMessage());
    }
  }

  /** The top-level {@code name} field, or null. Parse errors give null: the server reports them. */
  public String templateName() {
    try {
      JsonNode tree = json ? Json.MAPPER.readTree(text) : Json.YAML.readTree(text);
      return tree != null && tree.isObject() ? Json.text(tree, "name", null) : null;
    } catch (JacksonException e) {
      return null;
    }
  }

  /** Reads a variables file: a YAML or JSON object whose fields are the variables, typed as written. */
  public static Map<String, JsonNode> readVariables(Path path) {
    SourceFile file = read(path);
    JsonNode tree = file.tree();
    if (!tree.isObject()) {
      throw CliException.usage(path + ": a variables file must be a mapping of name: value");
    }
    Map<String, JsonNode> variables = new LinkedHashMap<>();
    tree.properties().forEach(entry -> variables.put(entry.getKey(), entry.getValue()));
    return variables;
  }
}
