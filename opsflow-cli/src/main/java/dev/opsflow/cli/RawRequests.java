package dev.opsflow.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;

/**
 * The two requests {@link ApiClient} does not make: uploading a file as a streamed binary body
 * (never held in memory) and reading a text/plain answer (a run's log export). Same authentication,
 * error and exit-code rules as {@link ApiClient}.
 */
final class RawRequests {
  private final CliContext context;
  private final Settings settings;

  RawRequests(CliContext context, Settings settings) {
    this.context = context;
    this.settings = settings;
  }

  /** POSTs {@code file} as {@code application/octet-stream} and returns the JSON answer. */
  JsonNode upload(String path, Path file) {
    HttpRequest.BodyPublisher body;
    try {
      body = HttpRequest.BodyPublishers.ofFile(file);
    } catch (IOException e) {
      throw CliException.usage("cannot read " + file + ": " + e.getMessage());
    }
    var request = builder(path).header("Content-Type", "application/octet-stream").POST(body).build();
    var response = exchange("POST", path, request);
    return Json.parseOrMissing(response.body());
  }

  /** GETs {@code path} and returns the body as text. */
  String text(String path) {
    var response = exchange("GET", path, builder(path).header("Accept", "text/plain").GET().build());
    return response.body();
  }

  private HttpRequest.Builder builder(String path) {
    HttpRequest.Builder b;
    try {
      b = HttpRequest.newBuilder(URI.create(settings.server() + path)).header("User-Agent", "opsflow-cli");
    } catch (IllegalArgumentException e) {
      throw CliException.usage("invalid server URL '" + settings.server() + "': " + e.getMessage());
    }
    var authorization = ApiClient.authorization(settings.auth());
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return b;
  }

  private HttpResponse<String> exchange(String method, String path, HttpRequest request) {
    HttpResponse<String> response;
    try {
      response = context.http().send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCodes.FAILED, "interrupted during " + method + " " + path, e);
    } catch (IOException e) {
      throw ApiClient.unreachable(settings.server(), e);
    }
    if (response.statusCode() >= 300) {
      throw new ApiException(method, path, Problem.parse(response.statusCode(), response.body()));
    }
    return response;
  }
}
