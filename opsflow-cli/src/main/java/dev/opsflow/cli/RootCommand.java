package dev.opsflow.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code opsflow} command: global options (usable before or after any subcommand) and the
 * per-invocation {@link CliContext}. Subcommands reach it through {@link BaseCommand#root()}.
 */
@Command(
    name = "opsflow",
    version = "opsflow CLI 0.1.0-SNAPSHOT",
    description = "Operate an Opsflow server: templates, tasks and approvals; hosts, exec, push and job plans.",
    subcommands = {
      AuthCommands.Login.class,
      AuthCommands.Logout.class,
      AuthCommands.Whoami.class,
      TemplateCommands.class,
      TaskCommands.class,
      ExecCommand.class,
      PushCommand.class,
      HostCommands.class,
      CredentialCommands.Credentials.class,
      CredentialCommands.Accounts.class,
      JobCommands.class
    })
public final class RootCommand {
  @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT,
      description = "Show this help and exit.")
  boolean help;

  @Option(names = "--version", versionHelp = true, description = "Print the CLI version and exit.")
  boolean versionRequested;

  @Option(names = "--server", scope = ScopeType.INHERIT, paramLabel = "URL",
      description = "Server URL (env OPSFLOW_URL, config file; default " + Settings.DEFAULT_SERVER + ").")
  String server;

  @Option(names = "--token", scope = ScopeType.INHERIT, paramLabel = "TOKEN",
      description = "API token (env OPSFLOW_TOKEN, config file).")
  String token;

  @Option(names = "--user", scope = ScopeType.INHERIT, paramLabel = "USER",
      description = "User for basic auth (env OPSFLOW_USER).")
  String user;

  @Option(names = "--password", scope = ScopeType.INHERIT, paramLabel = "PASSWORD",
      description = "Password for basic auth (env OPSFLOW_PASSWORD).")
  String password;

  @Option(names = {"-p", "--project"}, scope = ScopeType.INHERIT, paramLabel = "PROJECT",
      description = "Project (env OPSFLOW_PROJECT; default " + Settings.DEFAULT_PROJECT + ").")
  String project;

  @Option(names = {"-o", "--format"}, scope = ScopeType.INHERIT, paramLabel = "FORMAT",
      description = "Output format of read commands: text (default) or json.")
  OutputFormat output = OutputFormat.text;

  /** Values of {@code -o}; lower case because picocli matches them by name. */
  public enum OutputFormat {
    text,
    json
  }

  private final CliContext context;
  private ConfigFile configFile;

  public RootCommand(CliContext context) {
    this.context = context;
  }

  public CliContext context() {
    return context;
  }

  /** True when {@code -o json} was given. */
  public boolean jsonOutput() {
    return output == OutputFormat.json;
  }

  public ConfigFile configFile() {
    if (configFile == null) {
      configFile = ConfigFile.locate(context.env());
    }
    return configFile;
  }

  public Settings.Flags flags() {
    return new Settings.Flags(server, token, user, password, project);
  }

  public Settings settings() {
    return Settings.resolve(flags(), context.env(), configFile().read());
  }

  public ApiClient api() {
    return new ApiClient(context.http(), settings());
  }
}
