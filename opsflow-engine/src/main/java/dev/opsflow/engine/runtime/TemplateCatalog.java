package dev.opsflow.engine.runtime;

import dev.opsflow.engine.store.TaskRepository;
import dev.opsflow.engine.store.TemplateVersionRecord;
import dev.opsflow.engine.template.CompiledTemplate;
import dev.opsflow.engine.template.Problem;
import dev.opsflow.engine.template.SubflowResolver;
import dev.opsflow.engine.template.Template;
import dev.opsflow.engine.template.TemplateCompiler;
import dev.opsflow.engine.template.TemplateInvalidException;
import dev.opsflow.engine.template.TemplateParser;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Validates, stores and compiles templates; caches compiled versions (immutable once stored).
 */
public final class TemplateCatalog {
    private final TaskRepository repository;
    private final Function<SubflowResolver, TemplateCompiler> compilers;
    private final TemplateParser parser = new TemplateParser();
    private final Clock clock;
    private final Map<String, CompiledTemplate> cache = new ConcurrentHashMap<>();

    /**
     * @param repository storage
     * @param compilers  makes a compiler that resolves subflow children through the given resolver
     * @param clock      for creation times
     */
    public TemplateCatalog(TaskRepository repository, Function<SubflowResolver, TemplateCompiler> compilers, Clock clock) {
        this.repository = repository;
        this.compilers = compilers;
        this.clock = clock;
    }

    /** @return every problem of the source (empty = valid) */
    public List<Problem> validate(String project, String source) {
        return compilers.apply(resolver(project)).validate(source);
    }

    /**
     * Validates and stores a new version (or returns the unchanged latest one).
     *
     * @param name expected name; the source's {@code name} must be absent or equal
     * @throws TemplateInvalidException with every problem
     */
    public TemplateVersionRecord save(String project, String name, String source, String actor) {
        var compiled = compilers.apply(resolver(project)).compile(source);
        var declared = compiled.template().name();
        if (declared != null && !declared.isBlank() && !declared.equals(name)) {
            throw new TemplateInvalidException(List.of(new Problem(null, "name", 1, "name-mismatch",
                    "the template declares name '" + declared + "' but is saved as '" + name + "'")));
        }
        repository.ensureProject(project, null, clock.instant());
        return repository.saveTemplate(project, name, source, compiled.template().description(), actor, clock.instant());
    }

    /**
     * @param version null for the latest
     * @throws NoSuchElementException when the template or version does not exist
     */
    public CompiledTemplate get(String project, String name, Integer version) {
        return compiled(project, require(project, name, version));
    }

    /**
     * @param version null for the latest
     * @return the stored version record (one read: a caller that needs the record and its compiled
     *         template gets both of the same version, even while a new version is being saved)
     * @throws NoSuchElementException when the template or version does not exist
     */
    public TemplateVersionRecord require(String project, String name, Integer version) {
        return repository.findTemplate(project, name, version).orElseThrow(() -> new NoSuchElementException(
                version == null ? "template '" + name + "' does not exist in project '" + project + "'"
                        : "template '" + name + "' has no version " + version));
    }

    /** @return the compiled form of a stored version (compiled once, then cached: versions never change) */
    public CompiledTemplate compiled(String project, TemplateVersionRecord record) {
        return cache.computeIfAbsent(project + "\u0000" + record.name() + "\u0000" + record.version(),
                k -> compilers.apply(resolver(project)).compile(record.source()));
    }

    private SubflowResolver resolver(String project) {
        return (name, version) -> repository.findTemplate(project, name, version)
                .map(r -> parser.parse(r.source()).template());
    }

    /** @return the parsed model of a source, or null when unparseable */
    public Template parse(String source) {
        return parser.parse(source).template();
    }
}
