package dev.opsflow.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;

/**
 * Entry point of the {@code opsflow} command line. {@link #run} is the whole program without {@code
 * System.exit}: it prints only to the given streams and returns the exit code (see {@link ExitCodes}),
 * so it can be called in-process.
 */
public final class OpsflowCli {
  private OpsflowCli() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err, System.getenv()));
  }

  /** Runs one command line against the server named by flags, {@code env} or the config file. */
  public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
    try (CliContext context = CliContext.forProcess(out, err, env)) {
      return run(args, context);
    }
  }

  /** Runs with an explicit context (standard input, interactivity, time zone). */
  public static int run(String[] args, CliContext context) {
    CommandLine cmd = new CommandLine(new RootCommand(context)).setCaseInsensitiveEnumValuesAllowed(true);
    cmd.setOut(new PrintWriter(context.out(), true));
    cmd.setErr(new PrintWriter(context.err(), true));
    cmd.setExecutionExceptionHandler((e, failed, parseResult) -> report(e, context));
    cmd.setParameterExceptionHandler((e, params) -> {
      context.err().println("error: " + e.getMessage());
      CommandLine.UnmatchedArgumentException.printSuggestions(e, context.err());
      String name = e.getCommandLine().getCommandSpec().qualifiedName();
      context.err().println("Try '" + name + " --help' for usage.");
      return ExitCodes.USAGE;
    });
    int code = cmd.execute(args);
    context.out().flush();
    context.err().flush();
    return code;
  }

  /** Prints a failure and returns its exit code. */
  static int report(Exception e, CliContext context) {
    PrintStream err = context.err();
    if (e instanceof ApiException api) {
      api.problem().render().forEach(err::println);
      if (api.status() == 401) {
        err.println("hint: log in with 'opsflow login', or pass --token / --user and --password");
      } else if (api.status() == 403) {
        err.println("hint: your user lacks the permission for this in the project");
      }
      return api.exitCode();
    }
    if (e instanceof CliException cli) {
      err.println("error: " + cli.getMessage());
      return cli.exitCode();
    }
    err.println("error: " + e);
    if (context.env().containsKey("OPSFLOW_DEBUG")) {
      e.printStackTrace(err);
    }
    return ExitCodes.FAILED;
  }
}
