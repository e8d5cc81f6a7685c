package dev.opsflow.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code template apply|list|show|validate}: versioned templates of the current project. */
@Command(
    name = "template",
    description = "Apply, list, show and validate templates.",
    subcommands = {
      TemplateCommands.Apply.class,
      TemplateCommands.ListTemplates.class,
      TemplateCommands.Show.class,
      TemplateCommands.Validate.class
    })
public final class TemplateCommands {
  /** The server's answer to applying a template: the version now latest, and whether it is new. */
  public record Applied(String name, int version, boolean created) {
    public String render() {
      return "%s: version %d (%s)".formatted(name, version, created ? "created" : "unchanged");
    }
  }

  /** PUTs {@code file} as template {@code name} (or the file's own {@code name:} field). */
  public static Applied apply(ApiClient api, SourceFile file, String name) {
    String templateName = name != null ? name : file.templateName();
    if (templateName == null || templateName.isBlank()) {
      throw CliException.usage(file.path() + " has no top-level 'name:' field; pass --name NAME");
    }
    JsonNode answer = api.sendText(
        "PUT", api.projectPath("templates/" + ApiClient.encode(templateName)), file.text(), file.contentType());
    return new Applied(
        Json.text(answer, "name", templateName),
        answer.path("version").asInt(0),
        answer.path("created").asBoolean(false));
  }

  /** Stores each file as a new template version (unchanged files keep their version). */
  @Command(name = "apply", description = "Store template files as new versions (YAML or JSON).")
  public static final class Apply extends BaseCommand {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Template files.")
    List<Path> files;

    @Option(names = "--name", paramLabel = "NAME", description = "Template name, instead of the file's name: field (one file only).")
    String name;

    @Override
    public Integer call() {
      if (name != null && files.size() > 1) {
        throw CliException.usage("--name applies to one file; got " + files.size());
      }
      ApiClient api = api();
      for (Path path : files) {
        out().println(apply(api, SourceFile.read(path), name).render());
      }
      return ExitCodes.OK;
    }
  }

  /** Lists the project's templates. */
  @Command(name = "list", aliases = "ls", description = "List the templates of the project.")
  public static final class ListTemplates extends BaseCommand {
    @Override
    public Integer call() {
      ApiClient api = api();
      JsonNode templates = api.get(api.projectPath("templates"));
      if (json()) {
        printJson(templates);
        return ExitCodes.OK;
      }
      var table = new Table("NAME", "LATEST", "UPDATED", "DESCRIPTION");
      templates.forEach(t -> table.row(
          Json.text(t, "name", null), Json.text(t, "latestVersion", null),
          Json.text(t, "updatedAt", null), Json.text(t, "description", null)));
      table.print(out());
      return ExitCodes.OK;
    }
  }

  /** Prints a template version's source as it was applied. */
  @Command(name = "show", description = "Print the source of a template version (latest by default).")
  public static final class Show extends BaseCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = "--version", paramLabel = "N", description = "Template version (default: latest).")
    Integer version;

    @Override
    public Integer call() {
      ApiClient api = api();
      String path = api.projectPath("templates/" + ApiClient.encode(name))
          + (version == null ? "" : "?version=" + version);
      JsonNode template = api.get(path);
      if (json()) {
        printJson(template);
        return ExitCodes.OK;
      }
      String source = Json.text(template, "source", "");
      out().print(source.endsWith("\n") || source.isEmpty() ? source : source + "\n");
      return ExitCodes.OK;
    }
  }

  /** Validates files on the server without storing them; exit code 1 when any is invalid. */
  @Command(name = "validate", description = "Check template files without storing them; exit code 1 when invalid.")
  public static final class Validate extends BaseCommand {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Template files.")
    List<Path> files;

    @Override
    public Integer call() {
      ApiClient api = api();
      boolean allValid = true;
      for (Path path : files) {
        SourceFile file = SourceFile.read(path);
        List<Problem.Entry> problems = validate(api, file);
        if (problems.isEmpty()) {
          out().println(path + ": valid");
        } else {
          allValid = false;
          problems.forEach(p -> out().println(p.renderForFile(path.toString())));
        }
      }
      return allValid ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private static List<Problem.Entry> validate(ApiClient api, SourceFile file) {
      try {
        JsonNode answer = api.sendText("POST", api.projectPath("templates/validate"), file.text(), file.contentType());
        List<Problem.Entry> problems = Problem.entries(answer.get("problems"));
        if (problems.isEmpty() && !answer.path("valid").asBoolean(true)) {
          return List.of(new Problem.Entry(null, null, null, "invalid", "invalid template"));
        }
        return problems;
      } catch (ApiException e) {
        // an unparseable document may be refused outright; its problems are still the answer
        if (e.status() != 400 && e.status() != 422) throw e;
        List<Problem.Entry> problems = e.problem().problems();
        return problems.isEmpty()
            ? List.of(new Problem.Entry(null, null, null, "invalid", e.problem().headline()))
            : problems;
      }
    }
  }
}
