package dev.opsflow.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;

/**
 * Everything one invocation of the CLI talks to besides the server: its output streams, environment,
 * standard input, console and time zone. {@link OpsflowCli#run} builds one per call, so in-process
 * callers (tests) get their own streams and no state leaks between runs. Closing it closes the HTTP
 * client it created.
 */
public final class CliContext implements AutoCloseable {
  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;
  private final InputStream stdin;
  private final boolean interactive;
  private final ZoneId zone;
  private BufferedReader stdinReader;
  private HttpClient http;

  public CliContext(
      PrintStream out, PrintStream err, Map<String, String> env, InputStream stdin, boolean interactive, ZoneId zone) {
    this.out = out;
    this.err = err;
    this.env = Map.copyOf(env);
    this.stdin = stdin;
    this.interactive = interactive;
    this.zone = zone;
  }

  /**
   * A context on the process's stdin; interactive only when a terminal is attached and {@code out}
   * is the process's own stdout (a prompt printed to a caller's stream would reach nobody).
   */
  public static CliContext forProcess(PrintStream out, PrintStream err, Map<String, String> env) {
    boolean interactive = out == System.out && consoleIsTerminal();
    return new CliContext(out, err, env, System.in, interactive, ZoneId.systemDefault());
  }

  public PrintStream out() {
    return out;
  }

  public PrintStream err() {
    return err;
  }

  public Map<String, String> env() {
    return env;
  }

  public ZoneId zone() {
    return zone;
  }

  /** True when a person can answer prompts (standard input and output are a terminal). */
  public boolean interactive() {
    return interactive;
  }

  /** Reads one line of standard input; null at end of input. */
  public String readLine() {
    try {
      if (stdinReader == null) {
        stdinReader = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
      }
      return stdinReader.readLine();
    } catch (IOException e) {
      throw new CliException(ExitCodes.FAILED, "cannot read standard input: " + e.getMessage(), e);
    }
  }

  /** Reads a password without echo when on a console, else one line of standard input. */
  public String readPassword(String prompt) {
    Console console = System.console();
    if (interactive && console != null) {
      char[] chars = console.readPassword("%s", prompt);
      return chars == null ? null : new String(chars);
    }
    return readLine();
  }

  /** The HTTP client of this invocation, created on first use. */
  public HttpClient http() {
    if (http == null) {
      http = HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
    }
    return http;
  }

  @Override
  public void close() {
    if (http != null) {
      http.shutdownNow();
    }
  }

  /**
   * Since JDK 22 {@code System.console()} is non-null even when streams are redirected; {@code
   * Console.isTerminal()} (JDK 22+, looked up reflectively because the build targets 21) tells.
   */
  private static boolean consoleIsTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }
}
