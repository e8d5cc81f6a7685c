package dev.opsflow.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * A thin blocking client of the Opsflow REST API (docs/api.md) on {@link HttpClient}.
 *
 * <p>Answers are JSON trees (a log export is text, an event stream lines); an empty 2xx body is a
 * missing node. JSON requests time out after 60 s; uploads, text exports and event streams do not,
 * as they may rightly take longer. An HTTP error becomes an
 * {@link ApiException} carrying the problem document; an unreachable server a {@link CliException}
 * with exit code 3 and a message saying how to start the server.
 */
public final class ApiClient {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private final HttpClient http;
  private final Settings settings;

  public ApiClient(HttpClient http, Settings settings) {
    this.http = http;
    this.settings = settings;
  }

  public Settings settings() {
    return settings;
  }

  /** {@code /api/v1/projects/{project}/} + {@code rest}, with the project name encoded. */
  public String projectPath(String rest) {
    return "/api/v1/projects/" + encode(settings.project()) + "/" + rest;
  }

  /** Encodes one path segment (a template name, a task or node id). */
  public static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  public JsonNode get(String path) {
    return send("GET", path, null, null);
  }

  public JsonNode post(String path, JsonNode body) {
    return send("POST", path, body == null ? "{}" : Json.MAPPER.writeValueAsString(body), "application/json");
  }

  /** Sends a raw body (a template source) with its content type. */
  public JsonNode sendText(String method, String path, String body, String contentType) {
    return send(method, path, body, contentType);
  }

  public JsonNode delete(String path) {
    return send("DELETE", path, null, null);
  }

  /**
   * POSTs {@code file} as {@code application/octet-stream}, streamed from disk (never held in memory)
   * and without the request timeout, as a large upload may take longer; returns the JSON answer.
   *
   * @throws CliException exit code 2 when the file cannot be read
   */
  public JsonNode upload(String path, Path file) {
    HttpRequest.BodyPublisher body;
    try {
      body = HttpRequest.BodyPublishers.ofFile(file);
    } catch (IOException e) {
      throw CliException.usage("cannot read " + file + ": " + e.getMessage());
    }
    var builder = request(path).header("Content-Type", "application/octet-stream").POST(body);
    return Json.parseOrMissing(call("POST", path, builder).body());
  }

  /** GETs a {@code text/plain} answer (a run's log export) as text, without the request timeout. */
  public String getText(String path) {
    return call("GET", path, request(path).header("Accept", "text/plain").GET()).body();
  }

  /** Opens {@code path} as a Server-Sent Events stream of lines; the caller closes the stream. */
  public Stream<String> openEventStream(String path) {
    HttpRequest request = request(path).header("Accept", "text/event-stream").GET().build();
    HttpResponse<Stream<String>> response = exchange("GET", path, request, HttpResponse.BodyHandlers.ofLines());
    if (response.statusCode() >= 300) {
      String body;
      try (Stream<String> lines = response.body()) {
        body = String.join("\n", lines.toList());
      }
      throw new ApiException("GET", path, Problem.parse(response.statusCode(), body));
    }
    return response.body();
  }

  private JsonNode send(String method, String path, String body, String contentType) {
    HttpRequest.Builder builder = request(path).timeout(REQUEST_TIMEOUT).header("Accept", "application/json");
    if (body == null) {
      builder.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      builder.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    return Json.parseOrMissing(call(method, path, builder).body());
  }

  /** Sends the request; an answer of 300 or more becomes an {@link ApiException} with its problem document. */
  private HttpResponse<String> call(String method, String path, HttpRequest.Builder builder) {
    HttpResponse<String> response = exchange(method, path, builder.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new ApiException(method, path, Problem.parse(response.statusCode(), response.body()));
    }
    return response;
  }

  private HttpRequest.Builder request(String path) {
    URI uri;
    try {
      uri = URI.create(settings.server() + path);
    } catch (IllegalArgumentException e) {
      throw CliException.usage("invalid server URL '" + settings.server() + "': " + e.getMessage());
    }
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).header("User-Agent", "opsflow-cli");
    String authorization = authorization(settings.auth());
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    return builder;
  }

  static String authorization(Settings.Auth auth) {
    return switch (auth) {
      case Settings.TokenAuth t -> "Bearer " + t.token();
      case Settings.BasicAuth b ->
          "Basic " + Base64.getEncoder().encodeToString((b.user() + ":" + b.password()).getBytes(StandardCharsets.UTF_8));
      case Settings.NoAuth n -> null;
    };
  }

  private <T> HttpResponse<T> exchange(
      String method, String path, HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    try {
      return http.send(request, handler);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCodes.FAILED, "interrupted during " + method + " " + path, e);
    } catch (IOException e) {
      throw unreachable(settings.server(), e);
    } catch (IllegalArgumentException e) {
      throw CliException.usage("invalid server URL '" + settings.server() + "': " + e.getMessage());
    }
  }

  /** The exit-code-3 error for an I/O failure talking to {@code server}. */
  public static CliException unreachable(String server, IOException e) {
    String why;
    if (causedBy(e, java.nio.channels.UnresolvedAddressException.class)) {
      why = "unknown host";
    } else if (causedBy(e, ConnectException.class)) {
      why = "connection refused — start it with ./opsflow server";
    } else if (e instanceof HttpConnectTimeoutException) {
      why = "connection timed out";
    } else if (e instanceof HttpTimeoutException) {
      why = "no answer within " + REQUEST_TIMEOUT.toSeconds() + "s";
    } else {
      why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
    return new CliException(
        ExitCodes.CONNECTION, "cannot reach the Opsflow server at " + server + ": " + why, e);
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
