package dev.opsflow.cli;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code task run TEMPLATE}: creates and starts a task of a stored template, or of a template file
 * (applied first, then run at the version just applied). Prints the task id on standard output;
 * with {@code --wait} follows the task to its end through {@link TaskWatcher}.
 */
@Command(name = "run", description = "Create and start a task; with --wait follow it to the end.")
public final class TaskRunCommand extends BaseCommand {
  @Parameters(index = "0", paramLabel = "TEMPLATE", description = "A stored template name, or a template file to apply and run.")
  String template;

  @Option(names = "--var", paramLabel = "KEY=VALUE", description = "A variable (string); KEY:=JSON for a typed value. Repeatable.")
  List<String> vars = new ArrayList<>();

  @Option(names = "--var-file", paramLabel = "FILE", description = "YAML or JSON mapping of variables; --var wins.")
  Path varFile;

  @Option(names = "--deselect", paramLabel = "NODE", description = "Leave out an optional node. Repeatable.")
  List<String> deselect = new ArrayList<>();

  @Option(names = "--name", paramLabel = "NAME", description = "Task name (default: chosen by the server).")
  String name;

  @Option(names = "--wait", description = "Follow the task until it ends; exit code 0 only if it FINISHED.")
  boolean waitForEnd;

  @Option(names = "--approve", description = "With --wait: approve approval nodes automatically (implies --wait).")
  boolean approve;

  @Option(names = "--logs", description = "With --wait: print node log lines (implies --wait).")
  boolean logs;

  @Override
  public Integer call() {
    Map<String, JsonNode> variables = variables();
    ApiClient api = api();
    String templateName = template;
    Integer version = null;
    Path file = templateFile(template);
    if (file != null) {
      TemplateCommands.Applied applied = TemplateCommands.apply(api, SourceFile.read(file), null);
      context().err().println(applied.render());
      templateName = applied.name();
      version = applied.version() > 0 ? applied.version() : null;
    }
    JsonNode task = api.post(api.projectPath("tasks"), body(templateName, version, variables));
    String taskId = Json.text(task, "id", null);
    if (taskId == null) {
      throw new CliException(ExitCodes.FAILED, "the server's answer to creating a task holds no id");
    }
    out().println(taskId);
    if (!(waitForEnd || approve || logs)) {
      return ExitCodes.OK;
    }
    int labelWidth = 0;
    for (JsonNode node : task.path("nodes")) {
      labelWidth = Math.max(labelWidth, Json.text(node, "id", "").length());
    }
    return new TaskWatcher(api, context(), taskId, new TaskWatcher.Options(logs, approve), labelWidth).watch();
  }

  private Map<String, JsonNode> variables() {
    Map<String, JsonNode> variables = new LinkedHashMap<>();
    if (varFile != null) {
      variables.putAll(SourceFile.readVariables(varFile));
    }
    variables.putAll(KeyValues.parse("--var", vars, KeyValues.Mode.STRING));
    return variables;
  }

  private ObjectNode body(String templateName, Integer version, Map<String, JsonNode> variables) {
    ObjectNode body = Json.object();
    body.put("template", templateName);
    if (version == null) body.putNull("version"); else body.put("version", version);
    if (name != null) body.put("name", name);
    ObjectNode vars = body.putObject("variables");
    variables.forEach(vars::set);
    var deselected = body.putArray("deselect");
    deselect.forEach(deselected::add);
    body.put("start", true);
    return body;
  }

  /** The file TEMPLATE names, or null when it is a template name; a path-like name that is no file is an error. */
  static Path templateFile(String template) {
    try {
      Path path = Path.of(template);
      if (Files.isRegularFile(path)) {
        return path;
      }
    } catch (InvalidPathException e) {
      return null;
    }
    boolean looksLikePath = template.contains("/") || template.matches(".*\\.(ya?ml|json)$");
    if (looksLikePath) {
      throw CliException.usage("no such template file: " + template);
    }
    return null;
  }
}
