package dev.opsflow.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Parses repeated {@code KEY=VALUE} arguments ({@code --var}, {@code --input}, {@code --output}).
 *
 * <p>Every argument is split on its first {@code =}, so values may contain {@code =}. Two value
 * modes exist:
 *
 * <ul>
 *   <li>{@link Mode#STRING} ({@code --var}): {@code k=v} is the string {@code v}, because a
 *       version such as {@code 1.20} must not become the number {@code 1.2}; {@code k:=JSON} gives
 *       a typed JSON value ({@code count:=3}, {@code hosts:=["a","b"]}).
 *   <li>{@link Mode#JSON_OR_STRING} ({@code --input}, {@code --output}): the value is parsed as JSON
 *       when it parses, else taken as a string; {@code k:=JSON} insists on JSON.
 * </ul>
 *
 * A malformed argument is a usage error (exit code 2) that names the option and the argument.
 */
public final class KeyValues {
  /** How the text after {@code =} becomes a JSON value. */
  public enum Mode {
    STRING,
    JSON_OR_STRING
  }

  private KeyValues() {}

  /** Parses all {@code args} of {@code option} in order; a later key replaces an earlier one. */
  public static Map<String, JsonNode> parse(String option, List<String> args, Mode mode) {
    Map<String, JsonNode> result = new LinkedHashMap<>();
    if (args != null) {
      for (String arg : args) {
        var entry = parseOne(option, arg, mode);
        result.put(entry.getKey(), entry.getValue());
      }
    }
    return result;
  }

  /** Parses one argument. */
  public static Map.Entry<String, JsonNode> parseOne(String option, String arg, Mode mode) {
    int eq = arg.indexOf('=');
    if (eq < 0) {
      throw CliException.usage(
          "invalid %s '%s': expected KEY=VALUE (for example %s version=1.2.0)"
              .formatted(option, arg, option));
    }
    String key = arg.substring(0, eq).strip();
    String raw = arg.substring(eq + 1);
    boolean forceJson = key.endsWith(":");
    if (forceJson) {
      key = key.substring(0, key.length() - 1).strip();
    }
    if (key.isEmpty()) {
      throw CliException.usage(
          "invalid %s '%s': the key before '=' is empty".formatted(option, arg));
    }
    JsonNode value;
    if (forceJson) {
      value = parseJson(raw);
      if (value == null) {
        throw CliException.usage(
            "invalid %s '%s': the value after ':=' is not valid JSON".formatted(option, arg));
      }
    } else if (mode == Mode.JSON_OR_STRING) {
      JsonNode parsed = parseJson(raw);
      value = parsed != null ? parsed : JsonNodeFactory.instance.stringNode(raw);
    } else {
      value = JsonNodeFactory.instance.stringNode(raw);
    }
    return Map.entry(key, value);
  }

  private static JsonNode parseJson(String raw) {
    if (raw.isBlank()) {
      return null;
    }
    try {
      return Json.MAPPER.readTree(raw);
    } catch (JacksonException e) {
      return null;
    }
  }
}
