package dev.opsflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class KeyValuesTest {
  private static JsonNode one(String arg, KeyValues.Mode mode) {
    return KeyValues.parseOne("--var", arg, mode).getValue();
  }

  @Test
  void a_var_is_split_on_the_first_equals_sign_and_kept_as_a_string() {
    var entry = KeyValues.parseOne("--var", "url=http://x?a=1&b=2", KeyValues.Mode.STRING);

    assertThat(entry.getKey()).isEqualTo("url");
    assertThat(entry.getValue().isString()).isTrue();
    assertThat(entry.getValue().asString()).isEqualTo("http://x?a=1&b=2");
  }

  @Test
  void a_version_like_value_is_not_turned_into_a_number() {
    assertThat(one("version=1.20", KeyValues.Mode.STRING).asString()).isEqualTo("1.20");
    assertThat(one("count=3", KeyValues.Mode.STRING).isString()).isTrue();
  }

  @Test
  void an_empty_value_is_an_empty_string() {
    assertThat(one("note=", KeyValues.Mode.STRING).asString()).isEmpty();
  }

  @Test
  void colon_equals_gives_a_typed_json_value() {
    assertThat(one("count:=3", KeyValues.Mode.STRING).isInt()).isTrue();
    assertThat(one("hosts:=[\"a\",\"b\"]", KeyValues.Mode.STRING).size()).isEqualTo(2);
    assertThat(one("dry:=true", KeyValues.Mode.STRING).asBoolean()).isTrue();
  }

  @Test
  void colon_equals_with_invalid_json_is_a_usage_error_naming_the_argument() {
    assertThatThrownBy(() -> KeyValues.parseOne("--var", "count:=three", KeyValues.Mode.STRING))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("--var 'count:=three'")
        .hasMessageContaining("not valid JSON")
        .extracting(e -> ((CliException) e).exitCode()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void an_argument_without_equals_is_a_usage_error_naming_the_argument() {
    assertThatThrownBy(() -> KeyValues.parse("--var", List.of("a=1", "version"), KeyValues.Mode.STRING))
        .isInstanceOf(CliException.class)
        .hasMessage("invalid --var 'version': expected KEY=VALUE (for example --var version=1.2.0)")
        .extracting(e -> ((CliException) e).exitCode()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void an_empty_key_is_a_usage_error() {
    assertThatThrownBy(() -> KeyValues.parseOne("--input", "=5", KeyValues.Mode.JSON_OR_STRING))
        .isInstanceOf(CliException.class)
        .hasMessage("invalid --input '=5': the key before '=' is empty");
  }

  @Test
  void inputs_are_json_when_they_parse_and_strings_otherwise() {
    assertThat(one("n=3", KeyValues.Mode.JSON_OR_STRING).isInt()).isTrue();
    assertThat(one("flag=false", KeyValues.Mode.JSON_OR_STRING).isBoolean()).isTrue();
    assertThat(one("obj={\"a\":1}", KeyValues.Mode.JSON_OR_STRING).path("a").asInt()).isEqualTo(1);
    assertThat(one("cmd=echo hi", KeyValues.Mode.JSON_OR_STRING).asString()).isEqualTo("echo hi");
    assertThat(one("two=1 2", KeyValues.Mode.JSON_OR_STRING).asString()).isEqualTo("1 2");
    assertThat(one("quoted=\"x\"", KeyValues.Mode.JSON_OR_STRING).asString()).isEqualTo("x");
  }

  @Test
  void a_later_key_replaces_an_earlier_one_and_order_is_kept() {
    var values = KeyValues.parse("--var", List.of("b=1", "a=2", "b=3"), KeyValues.Mode.STRING);

    assertThat(values.keySet()).containsExactly("b", "a");
    assertThat(values.get("b").asString()).isEqualTo("3");
  }
}
