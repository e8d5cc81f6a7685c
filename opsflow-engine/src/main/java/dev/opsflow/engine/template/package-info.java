/**
 * Templates: the YAML/JSON flow format, its model and its validation.
 *
 * <p>{@link dev.opsflow.engine.template.TemplateParser} turns YAML or JSON into a
 * {@link dev.opsflow.engine.template.Template} (with 1-based source lines on nodes and variables);
 * {@link dev.opsflow.engine.template.TemplateCompiler} checks the whole template at once — graph
 * shape, gateways and their converges, cycles, plugins and their inputs, expressions and the
 * references in them, variable definitions, subflows — and builds the immutable
 * {@link dev.opsflow.engine.template.CompiledTemplate} the decider walks.
 * {@link dev.opsflow.engine.template.VariableBinder} coerces and checks the typed inputs of a task.
 * Every problem is a {@link dev.opsflow.engine.template.Problem} with a stable code; the format and
 * the codes are documented in {@code docs/templates.md}.
 *
 * <p>Framework-free and thread-safe; no I/O (child templates come through a
 * {@link dev.opsflow.engine.template.SubflowResolver}).
 */
package dev.opsflow.engine.template;
