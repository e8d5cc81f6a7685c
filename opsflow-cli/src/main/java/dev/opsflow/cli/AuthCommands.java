package dev.opsflow.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code login}, {@code logout} and {@code whoami}: API tokens kept in the {@link ConfigFile}. */
public final class AuthCommands {
  private AuthCommands() {}

  /** Exchanges a user and password for an API token and saves it with the server URL. */
  @Command(name = "login", description = "Log in with user and password; saves an API token to the config file.")
  public static final class Login extends BaseCommand {
    @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
    boolean passwordStdin;

    @Override
    public Integer call() {
      RootCommand root = root();
      CliContext ctx = context();
      String user = Settings.first(root.user, ctx.env().get("OPSFLOW_USER"));
      if (user == null && ctx.interactive()) {
        ctx.out().print("User: ");
        ctx.out().flush();
        user = ctx.readLine();
      }
      if (user == null || user.isBlank()) {
        throw CliException.usage("login needs a user: --user USER (or OPSFLOW_USER)");
      }
      String password = password(root, ctx);
      Settings resolved = root.settings();
      var settings = new Settings(resolved.server(), resolved.project(), new Settings.BasicAuth(user, password));
      var api = new ApiClient(ctx.http(), settings);
      JsonNode created = api.post("/api/v1/tokens", Json.object().put("name", tokenName()));
      String token = Json.text(created, "token", null);
      if (token == null) {
        throw new CliException(ExitCodes.FAILED, "the server's answer to POST /api/v1/tokens holds no token");
      }
      ConfigFile config = root.configFile();
      config.write(new ConfigFile.Data(settings.server(), token, Json.text(created, "id", null)));
      out().printf("logged in to %s as %s; token saved to %s%n", settings.server(), user, config.path());
      return ExitCodes.OK;
    }

    private String password(RootCommand root, CliContext ctx) {
      if (passwordStdin) {
        if (root.password != null) {
          throw CliException.usage("use either --password or --password-stdin, not both");
        }
        String line = ctx.readLine();
        if (line == null) {
          throw CliException.usage("--password-stdin: standard input is empty");
        }
        return line;
      }
      String password = Settings.first(root.password, ctx.env().get("OPSFLOW_PASSWORD"));
      if (password == null && ctx.interactive()) {
        password = ctx.readPassword("Password: ");
      }
      if (password == null) {
        throw CliException.usage("login needs a password: --password-stdin, --password or OPSFLOW_PASSWORD");
      }
      return password;
    }

    private static String tokenName() {
      try {
        return "opsflow-cli@" + InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException e) {
        return "opsflow-cli";
      }
    }
  }

  /** Forgets the saved token (and revokes it on the server when possible). */
  @Command(name = "logout", description = "Remove the saved API token (revoking it on the server when reachable).")
  public static final class Logout extends BaseCommand {
    @Override
    public Integer call() {
      ConfigFile config = root().configFile();
      ConfigFile.Data data = config.read();
      if (data.token() == null) {
        out().println("not logged in (no token in " + config.path() + ")");
        return ExitCodes.OK;
      }
      if (data.tokenId() != null) {
        String server = data.server() == null ? Settings.DEFAULT_SERVER : data.server();
        var settings = new Settings(server, Settings.DEFAULT_PROJECT, new Settings.TokenAuth(data.token()));
        try {
          new ApiClient(context().http(), settings).delete("/api/v1/tokens/" + ApiClient.encode(data.tokenId()));
        } catch (CliException e) {
          context().err().println("warning: could not revoke the token on the server: " + e.getMessage());
        }
      }
      config.write(new ConfigFile.Data(data.server(), null, null));
      out().println("logged out; token removed from " + config.path());
      return ExitCodes.OK;
    }
  }

  /** Shows who the server thinks the caller is. */
  @Command(name = "whoami", description = "Show the user the server sees and their roles.")
  public static final class Whoami extends BaseCommand {
    @Override
    public Integer call() {
      ApiClient api = api();
      JsonNode me = api.get("/api/v1/me");
      if (json()) {
        printJson(me);
        return ExitCodes.OK;
      }
      List<String> roles = new ArrayList<>();
      me.path("roles").forEach(role -> roles.add(role.isValueNode() ? role.asString() : role.toString()));
      out().printf("%s (roles: %s) at %s%n",
          Json.text(me, "username", "?"), roles.isEmpty() ? "none" : String.join(", ", roles),
          api.settings().server());
      return ExitCodes.OK;
    }
  }
}
