package dev.opsflow.engine.template;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Parses a template from YAML or JSON (JSON when the first non-blank character is <code>{</code>)
 * into a {@link Template}, recording the 1-based source line of every node and variable. Reports
 * format problems (syntax, unknown fields such as a misspelt {@code nxt}, mistyped values); the
 * graph and its references are checked by {@link TemplateCompiler}.
 *
 * <p>Stateless and thread-safe.
 */
public final class TemplateParser {
    private static final ObjectMapper YAML = YAMLMapper.builder().build();
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /**
     * @param source YAML or JSON text; null or blank is a problem, not an exception
     * @return the template (null when the text is not a YAML/JSON mapping) and every format problem,
     *     sorted by line; never throws for bad input
     */
    public ParseResult parse(String source) {
        if (source == null || source.isBlank()) {
            return new ParseResult(null, List.of(new Problem(null, null, 0, ProblemCodes.SYNTAX, "the template is empty")));
        }
        var mapper = source.stripLeading().startsWith("{") ? JSON : YAML;
        Object root;
        var duplicates = new ArrayList<SourceTree.Duplicate>();
        try (var parser = mapper.createParser(source)) {
            var first = parser.nextToken();
            root = first == null ? null : SourceTree.read(parser, duplicates);
            if (first != null && first != JsonToken.START_OBJECT) root = null;
        } catch (JacksonException e) {
            var loc = e.getLocation();
            int line = loc == null ? 0 : Math.max(0, loc.getLineNr());
            return new ParseResult(null, List.of(new Problem(null, null, line, ProblemCodes.SYNTAX, e.getOriginalMessage())));
        } catch (RuntimeException e) {
            // The YAML engine may throw its own exceptions for malformed input; the contract is "never throws".
            return new ParseResult(null, List.of(new Problem(null, null, 0, ProblemCodes.SYNTAX, String.valueOf(e.getMessage()))));
        }
        if (!(root instanceof SourceTree.Obj obj)) {
            return new ParseResult(null, List.of(new Problem(null, null, 1, ProblemCodes.SYNTAX,
                    "a template is a mapping with name, inputs, outputs and nodes")));
        }
        var reader = new ModelReader();
        for (var d : duplicates) {
            reader.problem(null, d.key(), d.line(), ProblemCodes.DUPLICATE_KEY, "key '" + d.key() + "' is given twice");
        }
        var template = reader.template(obj);
        var problems = new ArrayList<>(reader.problems());
        problems.sort(Comparator.comparingInt(Problem::line));
        return new ParseResult(template, problems);
    }
}
