package dev.opsflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProblemTest {
  private static final String INVALID = """
      {"type": "https://opsflow.dev/problems/invalid-template", "title": "Template is invalid", "status": 422,
       "detail": "2 problems", "instance": "/api/v1/projects/default/templates/release",
       "problems": [
         {"nodeId": "build", "field": "inputs.lang", "line": 12, "code": "unknown-input", "message": "unknown input 'lang'"},
         {"field": "variables", "code": "missing", "message": "at least one variable is required"}]}
      """;

  @Test
  void a_problem_prints_its_detail_and_each_entry_on_its_own_line() {
    assertThat(Problem.parse(422, INVALID).render()).containsExactly(
        "error: 2 problems",
        "  node 'build' (line 12): inputs.lang: unknown input 'lang'",
        "  variables: at least one variable is required");
  }

  @Test
  void validate_output_is_compiler_style_with_file_and_line() {
    var problems = Problem.parse(422, INVALID).problems();

    assertThat(problems.get(0).renderForFile("release.yaml"))
        .isEqualTo("release.yaml:12: node 'build': inputs.lang: unknown input 'lang'");
    assertThat(problems.get(1).renderForFile("release.yaml"))
        .isEqualTo("release.yaml: variables: at least one variable is required");
  }

  @Test
  void a_conflict_prints_the_servers_detail() {
    var problem = Problem.parse(409, "{\"status\":409,\"title\":\"Conflict\","
        + "\"detail\":\"Expected node 'x' to be FAILED or SUSPENDED but was FINISHED\"}");

    assertThat(problem.render()).containsExactly("error: Expected node 'x' to be FAILED or SUSPENDED but was FINISHED");
  }

  @Test
  void the_title_stands_in_for_a_missing_detail_and_the_status_for_both() {
    assertThat(Problem.parse(404, "{\"title\":\"Not Found\"}").headline()).isEqualTo("Not Found");
    assertThat(Problem.parse(502, "<html>bad gateway</html>").headline()).isEqualTo("the server answered HTTP 502");
    assertThat(Problem.parse(500, "").headline()).isEqualTo("the server answered HTTP 500");
    assertThat(Problem.parse(400, "plain text reason\nmore").headline()).isEqualTo("plain text reason");
  }

  @Test
  void an_entry_with_only_a_line_says_line() {
    assertThat(new Problem.Entry(null, null, 3, "syntax", "mapping values are not allowed").render())
        .isEqualTo("line 3: mapping values are not allowed");
  }

  @Test
  void an_api_error_carries_the_exit_code_of_its_status() {
    assertThat(new ApiException("GET", "/x", Problem.parse(404, "")).exitCode()).isEqualTo(2);
    assertThat(new ApiException("GET", "/x", Problem.parse(401, "")).exitCode()).isEqualTo(3);
  }
}
