package dev.opsflow.engine.template;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;

import dev.opsflow.engine.expr.Expressions;
import dev.opsflow.engine.plugin.PluginDescriptor;
import dev.opsflow.engine.plugin.PluginRegistry;

/**
 * Validates templates and compiles them into {@link CompiledTemplate}s. Reports every problem at
 * once (format, graph, gateways, cycles, plugins, inputs, expressions, references, variables,
 * subflows), each with a stable code from {@link ProblemCodes}, node id, field and source line.
 *
 * <p>Thread-safe: it holds only thread-safe collaborators; each call works on its own state.
 */
public final class TemplateCompiler {
    private final TemplateParser parser = new TemplateParser();
    private final PluginRegistry plugins;
    private final Expressions expressions;
    private final SubflowResolver subflows;

    /**
     * @param plugins     registered plugins, to resolve plugin nodes and check their inputs and outputs
     * @param expressions the expression service, to check {@code ${...}} and conditions
     * @param subflows    looks up child templates of subflow nodes; null skips the child checks
     *                    (only the template name is then required)
     */
    public TemplateCompiler(PluginRegistry plugins, Expressions expressions, SubflowResolver subflows) {
        this.plugins = Objects.requireNonNull(plugins, "plugins");
        this.expressions = Objects.requireNonNull(expressions, "expressions");
        this.subflows = subflows;
    }

    /**
     * @param source YAML or JSON
     * @return every problem, sorted by line; empty when the template is valid
     */
    public List<Problem> validate(String source) {
        var parsed = parser.parse(source);
        var problems = new ArrayList<>(parsed.problems());
        if (parsed.template() != null) problems.addAll(check(parsed.template()).problems);
        problems.sort(Comparator.comparingInt(Problem::line));
        return problems;
    }

    /**
     * @param source YAML or JSON
     * @return the compiled template
     * @throws TemplateInvalidException with every problem, sorted by line
     */
    public CompiledTemplate compile(String source) {
        var parsed = parser.parse(source);
        if (parsed.template() == null) throw new TemplateInvalidException(parsed.problems());
        var result = check(parsed.template());
        var problems = new ArrayList<>(parsed.problems());
        problems.addAll(result.problems);
        problems.sort(Comparator.comparingInt(Problem::line));
        if (!problems.isEmpty()) throw new TemplateInvalidException(problems);
        return new CompiledTemplate(parsed.template(), source, result.convergeOf, result.descriptors);
    }

    /**
     * Compiles an already parsed (or programmatically built) template.
     *
     * @param template the template
     * @param source   its source text, kept for {@link CompiledTemplate#source()}; may be null
     * @return the compiled template
     * @throws TemplateInvalidException with every problem, sorted by line
     */
    public CompiledTemplate compile(Template template, String source) {
        var result = check(template);
        if (!result.problems.isEmpty()) {
            result.problems.sort(Comparator.comparingInt(Problem::line));
            throw new TemplateInvalidException(result.problems);
        }
        return new CompiledTemplate(template, source, result.convergeOf, result.descriptors);
    }

    private record Result(List<Problem> problems, java.util.Map<String, String> convergeOf,
                          java.util.Map<String, PluginDescriptor> descriptors) {
    }

    private Result check(Template t) {
        var problems = new ArrayList<Problem>();
        var byId = new LinkedHashMap<String, NodeDef>();
        t.nodes().forEach(n -> byId.putIfAbsent(n.id(), n));
        VariableRules.check(t, problems);
        var graph = new GraphRules(t, byId, problems);
        graph.check();
        var descriptors = new HashMap<String, PluginDescriptor>();
        var nodes = new NodeRules(plugins, expressions, subflows, problems);
        t.nodes().forEach(n -> nodes.check(n, descriptors));
        new ReferenceRules(t, byId, descriptors, expressions, problems).check();
        return new Result(problems, graph.convergeOf, descriptors);
    }
}
