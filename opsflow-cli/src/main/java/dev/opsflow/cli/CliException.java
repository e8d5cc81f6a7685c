package dev.opsflow.cli;

/**
 * A failure the CLI reports as one {@code error: message} line and a chosen exit code, without a
 * stack trace. Thrown by commands for usage mistakes, unreadable files and unreachable servers.
 */
public class CliException extends RuntimeException {
  private final int exitCode;

  public CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public CliException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** A usage error (exit code 2): wrong or missing arguments. */
  public static CliException usage(String message) {
    return new CliException(ExitCodes.USAGE, message);
  }

  public int exitCode() {
    return exitCode;
  }
}
