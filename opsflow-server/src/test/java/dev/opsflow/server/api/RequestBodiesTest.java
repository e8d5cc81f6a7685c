package dev.opsflow.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The shared request-body reader on bodies as Jackson parses them: strict types, errors naming the path. */
class RequestBodiesTest {
    static final JsonMapper JSON = JsonMapper.builder().build();

    @SuppressWarnings("unchecked")
    static RequestBodies body(String json) {
        return RequestBodies.of(JSON.readValue(json, Map.class));
    }

    static AbstractThrowableAssert<?, ?> refused(Runnable read, String field, String detail) {
        return assertThatThrownBy(read::run).isInstanceOfSatisfying(InvalidFieldException.class,
                e -> assertThat(e.field()).isEqualTo(field)).hasMessage(detail);
    }

    @Test
    void absentAndNullFieldsReadAsNullAndANullBodyAsEmpty() {
        var b = body("{\"a\": null}");
        assertThat(b.string("a")).isNull();
        assertThat(b.integer("missing")).isNull();
        assertThat(b.strings("a")).isNull();
        assertThat(b.stringMap("a")).isNull();
        assertThat(b.object("a")).isNull();
        assertThat(b.bool("a", true)).isTrue();
        assertThat(b.has("a")).isFalse();
        assertThat(RequestBodies.of(null).string("anything")).isNull();
    }

    @Test
    void anIntegerMustBeAnIntegralNumberInRange() {
        var b = body("{\"one\": 1, \"two\": 2.0, \"frac\": 1.9, \"text\": \"3\", \"flag\": true, \"big\": 1e12, \"list\": [1]}");
        assertThat(b.integer("one")).isEqualTo(1);
        assertThat(b.integer("two")).isEqualTo(2);
        refused(() -> b.integer("frac"), "frac", "frac: expected an integer but got 1.9");
        refused(() -> b.integer("text"), "text", "text: expected an integer but got a string");
        refused(() -> b.integer("flag"), "flag", "flag: expected an integer but got a boolean");
        refused(() -> b.integer("list"), "list", "list: expected an integer but got a list");
        refused(() -> b.integer("big"), "big", "big: expected an integer within the 32-bit range but got 1000000000000");
        refused(() -> b.integer("one", 2, 10), "one", "one: expected an integer from 2 to 10 but got 1");
        assertThat(b.longInteger("big", 0, Long.MAX_VALUE)).isEqualTo(1_000_000_000_000L);
        var huge = RequestBodies.of(Map.of("n", new BigInteger("99999999999999999999")));
        refused(() -> huge.longInteger("n", 0, Long.MAX_VALUE), "n",
                "n: expected an integer from 0 to 9223372036854775807 but got 99999999999999999999");
        refused(() -> RequestBodies.of(Map.of("n", Double.POSITIVE_INFINITY)).integer("n"), "n",
                "n: expected an integer but got Infinity");
    }

    @Test
    void stringsAndBooleansAreNotCoerced() {
        var b = body("{\"name\": 7, \"start\": \"false\", \"ok\": false}");
        refused(() -> b.string("name"), "name", "name: expected a string but got a number");
        refused(() -> b.bool("start"), "start", "start: expected true or false but got a string");
        assertThat(b.bool("ok", true)).isFalse();
        refused(() -> b.requiredString("missing"), "missing", "missing: required");
        refused(() -> body("{\"t\": \"  \"}").requiredString("t"), "t", "t: required");
    }

    @Test
    void nestedObjectsAndListsNameTheWholePath() {
        var b = body("""
                {"script": {"name": "x", "version": 1.9},
                 "sources": [{"artifact": "a1"}, "oops"],
                 "args": ["a", 2],
                 "env": {"N": 1, "B": true, "S": "s", "Z": null, "D": 1.10, "O": {}}}
                """);
        var script = b.object("script");
        assertThat(script.path()).isEqualTo("script");
        assertThat(script.string("name")).isEqualTo("x");
        refused(() -> script.integer("version"), "script.version", "script.version: expected an integer but got 1.9");
        refused(() -> b.objects("sources"), "sources[1]", "sources[1]: expected an object but got a string");
        refused(() -> b.strings("args"), "args[1]", "args[1]: expected a string but got a number");
        refused(() -> b.strings("script"), "script", "script: expected a list of strings but got an object");
        refused(() -> b.object("args"), "args", "args: expected an object but got a list");
        refused(() -> b.stringMap("env"), "env.D",
                "env.D: expected a string but got a decimal number; quote it so that its digits are kept as written");
        var env = new HashMap<String, Object>(Map.of("N", 1, "B", true, "S", "s"));
        env.put("Z", null);
        var texts = RequestBodies.of(Map.of("env", env)).stringMap("env");
        assertThat(texts).containsEntry("N", "1").containsEntry("B", "true").containsEntry("S", "s").containsEntry("Z", "");
        refused(() -> RequestBodies.of(Map.of("env", Map.of("O", List.of()))).stringMap("env"), "env.O",
                "env.O: expected a string but got a list");
    }

    @Test
    void aListOfObjectsGivesReadersAtTheirIndex() {
        var sources = body("{\"sources\": [{\"host\": \"h\", \"path\": 5}]}").objects("sources");
        assertThat(sources).hasSize(1);
        assertThat(sources.getFirst().string("host")).isEqualTo("h");
        refused(() -> sources.getFirst().string("path"), "sources[0].path", "sources[0].path: expected a string but got a number");
        assertThat(sources.getFirst().invalid("x", "why").getMessage()).isEqualTo("sources[0].x: why");
    }

    @Test
    void durationsAcceptTheTemplateFormsAndNameTheFieldOtherwise() {
        var b = body("{\"t\": \"1m30s\", \"n\": 2, \"bad\": \"soon\"}");
        assertThat(b.duration("t")).isEqualTo(Duration.ofSeconds(90));
        assertThat(b.duration("n")).isEqualTo(Duration.ofSeconds(2));
        assertThatThrownBy(() -> b.duration("bad")).isInstanceOf(InvalidFieldException.class).hasMessageStartingWith("bad: ");
        assertThat(RequestBodies.duration("timeout", "45s")).isEqualTo(Duration.ofSeconds(45));
        assertThat(RequestBodies.duration("timeout", null)).isNull();
        refused(() -> RequestBodies.duration("timeout", "-"), "timeout",
                "timeout: '-' is not a duration; use forms like 30s, 5m, 1h30m, 500ms or PT30S");
    }

    @Test
    void aTextBodyIsOneObjectOfAllowedFieldsAndIsNeverEchoed() {
        var allowed = Set.of("name", "password");
        assertThat(RequestBodies.parse("name: a\npassword: 1234\n", "application/yaml", allowed).has("password")).isTrue();
        refused(() -> RequestBodies.parse("name: a\npassword: 1234\n", "application/yaml", allowed).string("password"),
                "password", "password: expected a string but got a number");
        assertThatThrownBy(() -> RequestBodies.parse("{\"password\": \"s3cret", "application/json", allowed))
                .hasMessageStartingWith("request body is not valid JSON (line 1").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> RequestBodies.parse("[1]", null, allowed)).hasMessage("request body must be a JSON object");
        assertThatThrownBy(() -> RequestBodies.parse(" ", null, allowed)).hasMessageStartingWith("request body is empty");
        assertThatThrownBy(() -> RequestBodies.parse("{\"colour\": 1, \"name\": \"a\"}", null, allowed))
                .hasMessage("unknown field(s) colour (allowed: " + String.join(", ", Arrays.asList("name", "password")) + ")");
    }
}
