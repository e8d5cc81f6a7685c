package dev.opsflow.cli;

/**
 * The server answered an HTTP error; carries the parsed problem document. Its exit code follows
 * {@link ExitCodes#forHttpStatus(int)}.
 */
public final class ApiException extends CliException {
  private final Problem problem;

  public ApiException(String method, String path, Problem problem) {
    super(ExitCodes.forHttpStatus(problem.status()), method + " " + path + ": " + problem.headline());
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }

  public int status() {
    return problem.status();
  }
}
