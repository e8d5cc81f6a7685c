package dev.opsflow.cli;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Shared Jackson mappers and small helpers for reading the loosely typed API answers. */
public final class Json {
  /** Compact JSON for request bodies and the config file. */
  public static final JsonMapper MAPPER =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  /** Indented JSON for {@code -o json}. */
  public static final JsonMapper PRETTY =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  /** YAML reader for template files and variable files. */
  public static final YAMLMapper YAML = YAMLMapper.builder().build();

  private Json() {}

  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** Parses JSON text; returns a missing node for blank or unparseable text. */
  public static JsonNode parseOrMissing(String text) {
    if (text == null || text.isBlank()) {
      return JsonNodeFactory.instance.missingNode();
    }
    try {
      return MAPPER.readTree(text);
    } catch (JacksonException e) {
      return JsonNodeFactory.instance.missingNode();
    }
  }

  /** Text of a field, or {@code fallback} when it is missing, null or empty. */
  public static String text(JsonNode node, String field, String fallback) {
    JsonNode value = node == null ? null : node.get(field);
    if (value == null || value.isNull() || value.isMissingNode()) {
      return fallback;
    }
    String text = value.isValueNode() ? value.asString() : value.toString();
    return text.isEmpty() ? fallback : text;
  }

  /**
   * A human-readable error from a node or event {@code error} value: a string as-is, an object by its
   * {@code message} field, otherwise its JSON. Null when there is no error.
   */
  public static String errorText(JsonNode error) {
    if (error == null || error.isNull() || error.isMissingNode()) {
      return null;
    }
    if (error.isString()) {
      return error.asString();
    }
    if (error.isObject() && error.hasNonNull("message")) {
      return error.get("message").asString();
    }
    return error.toString();
  }

  public static String pretty(JsonNode node) {
    return PRETTY.writeValueAsString(node);
  }
}
