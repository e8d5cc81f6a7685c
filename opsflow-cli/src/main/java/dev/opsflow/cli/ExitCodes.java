package dev.opsflow.cli;

/**
 * The process exit codes of {@code opsflow}, and how outcomes map onto them.
 *
 * <ul>
 *   <li>{@link #OK} 0: the command did what was asked (for {@code task run --wait}: the task FINISHED).
 *   <li>{@link #FAILED} 1: the task ended FAILED or REVOKED, a template is invalid, or the server
 *       answered 5xx.
 *   <li>{@link #USAGE} 2: bad arguments, or the server rejected the request (4xx other than 401/403).
 *   <li>{@link #CONNECTION} 3: the server cannot be reached, or the credentials were refused (401/403).
 * </ul>
 */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;
  public static final int CONNECTION = 3;

  private ExitCodes() {}

  /** Exit code for an HTTP error status answered by the server. */
  public static int forHttpStatus(int status) {
    if (status == 401 || status == 403) {
      return CONNECTION;
    }
    if (status >= 400 && status < 500) {
      return USAGE;
    }
    return FAILED;
  }

  /** Exit code for a task that reached {@code state}: 0 only for FINISHED. */
  public static int forTaskState(String state) {
    return "FINISHED".equals(state) ? OK : FAILED;
  }
}
