package dev.opsflow.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * Base of every leaf command: access to the root options, the context and the API client. A command
 * returns its exit code or throws a {@link CliException}; {@link OpsflowCli} reports the latter.
 */
public abstract class BaseCommand implements Callable<Integer> {
  @Spec protected CommandSpec spec;

  protected RootCommand root() {
    return (RootCommand) spec.root().userObject();
  }

  protected CliContext context() {
    return root().context();
  }

  protected PrintStream out() {
    return context().out();
  }

  protected ApiClient api() {
    return root().api();
  }

  protected boolean json() {
    return root().jsonOutput();
  }

  /** Prints {@code value} as indented JSON (for {@code -o json}). */
  protected void printJson(JsonNode value) {
    out().println(Json.pretty(value));
  }
}
