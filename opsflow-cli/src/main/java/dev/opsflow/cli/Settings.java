package dev.opsflow.cli;

import java.util.Map;

/**
 * The connection settings of one CLI invocation, resolved by precedence: command-line flags, then
 * environment variables, then the config file, then defaults.
 *
 * <ul>
 *   <li>server: {@code --server}, {@code OPSFLOW_URL}, config {@code server}, {@value #DEFAULT_SERVER}
 *   <li>project: {@code --project}, {@code OPSFLOW_PROJECT}, {@value #DEFAULT_PROJECT}
 *   <li>credentials: the first level that provides any wins; within a level a token beats a user.
 *       Flags ({@code --token}, {@code --user}/{@code --password}), then environment
 *       ({@code OPSFLOW_TOKEN}, {@code OPSFLOW_USER}/{@code OPSFLOW_PASSWORD}), then the config file
 *       token — the latter only when the config file's server is the server in use, so a token is
 *       never sent to a server it was not issued by.
 * </ul>
 */
public record Settings(String server, String project, Auth auth) {
  public static final String DEFAULT_SERVER = "http://127.0.0.1:8080";
  public static final String DEFAULT_PROJECT = "default";

  /** What identifies the caller to the server. */
  public sealed interface Auth {}

  /** No credentials: only {@code /health} will answer. */
  public record NoAuth() implements Auth {}

  /** {@code Authorization: Bearer token}. */
  public record TokenAuth(String token) implements Auth {}

  /** {@code Authorization: Basic base64(user:password)}. */
  public record BasicAuth(String user, String password) implements Auth {}

  /** The values given as command-line flags; null when not given. */
  public record Flags(String server, String token, String user, String password, String project) {}

  /** Resolves settings from flags, environment and config file. */
  public static Settings resolve(Flags flags, Map<String, String> env, ConfigFile.Data config) {
    String server = stripSlash(first(flags.server(), env.get("OPSFLOW_URL"), config.server(), DEFAULT_SERVER));
    String project = first(flags.project(), env.get("OPSFLOW_PROJECT"), DEFAULT_PROJECT);
    return new Settings(server, project, resolveAuth(flags, env, config, server));
  }

  private static Auth resolveAuth(
      Flags flags, Map<String, String> env, ConfigFile.Data config, String server) {
    Auth fromFlags = authOf(flags.token(), flags.user(), flags.password());
    if (fromFlags != null) {
      return fromFlags;
    }
    Auth fromEnv = authOf(env.get("OPSFLOW_TOKEN"), env.get("OPSFLOW_USER"), env.get("OPSFLOW_PASSWORD"));
    if (fromEnv != null) {
      return fromEnv;
    }
    boolean sameServer = config.server() == null || stripSlash(config.server()).equals(server);
    if (sameServer && present(config.token())) {
      return new TokenAuth(config.token());
    }
    return new NoAuth();
  }

  private static Auth authOf(String token, String user, String password) {
    if (present(token)) {
      return new TokenAuth(token);
    }
    if (present(user)) {
      return new BasicAuth(user, password == null ? "" : password);
    }
    return null;
  }

  static String first(String... values) {
    for (String value : values) {
      if (present(value)) {
        return value;
      }
    }
    return null;
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }

  static String stripSlash(String url) {
    String result = url.strip();
    while (result.endsWith("/")) {
      result = result.substring(0, result.length() - 1);
    }
    return result;
  }
}
