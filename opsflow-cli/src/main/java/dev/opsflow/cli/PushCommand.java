package dev.opsflow.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code opsflow push FILE... --to SELECTOR:/dir}: uploads each file as an artifact (streamed,
 * {@code POST .../artifacts?name=}; the server's SHA-256 must equal the local one), then distributes
 * them ({@code POST .../push}; every target checks each file's SHA-256 again), followed live like
 * {@code exec}. Exit code 0 only when every host succeeded.
 */
@Command(name = "push", description = "Upload files and copy them to a directory on hosts (SHA-256 checked).")
public final class PushCommand extends BaseCommand {
  @Parameters(paramLabel = "FILE", arity = "1..*", description = "Files to distribute.")
  List<Path> files = new ArrayList<>();

  @Option(names = "--to", required = true, paramLabel = "SELECTOR:/dir",
      description = "Targets and absolute target directory, e.g. group:web:/opt/app or web1,web2:/tmp.")
  String to;

  @Option(names = "--account", paramLabel = "A", description = "Account to write as (not needed for local).")
  String account;

  @Option(names = "--create-dir", description = "Create the target directory when it is missing.")
  boolean createDir;

  @Option(names = "--timeout", paramLabel = "DURATION", description = "Per-host limit: 60s, 5m, ...")
  String timeout;

  @Option(names = "--concurrency", paramLabel = "N", description = "Hosts at once.")
  Integer concurrency;

  @Override
  public Integer call() {
    var destination = Targets.destination(to);
    for (Path f : files) {
      if (!Files.isRegularFile(f) || !Files.isReadable(f)) {
        throw CliException.usage("cannot read " + f + ": not a readable file");
      }
    }
    var api = api();
    var body = Json.object();
    var sources = body.putArray("sources");
    for (Path f : files) {
      var sha = sha256(f);
      var name = f.getFileName().toString();
      var artifact = api.upload(api.projectPath("artifacts?name=" + ApiClient.encode(name)), f);
      var remoteSha = Json.text(artifact, "sha256", "");
      if (!sha.equals(remoteSha)) {
        throw new CliException(ExitCodes.FAILED, "upload of " + f + " is corrupt: local sha256 " + sha
            + " but the server stored " + remoteSha);
      }
      context().err().println("uploaded " + name + " (" + artifact.path("size").asLong() + " bytes, sha256 "
          + sha.substring(0, 12) + "...) as " + Json.text(artifact, "id", "?"));
      sources.addObject().put("artifact", Json.text(artifact, "id", ""));
    }
    body.put("targetDir", destination.dir());
    body.put("createTargetDir", createDir);
    ExecCommand.putTargets(body, destination.targets(), account, timeout, concurrency);
    var started = api.post(api.projectPath("push"), body);
    var runId = Json.text(started, "id", "?");
    context().err().println("run " + runId + " started");
    var run = new JobRunFollower(api, context()).follow(runId, json());
    if (json()) {
      printJson(run);
    }
    return JobRunViews.exitCode(run);
  }

  static String sha256(Path file) {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (IOException e) {
      throw CliException.usage("cannot read " + file + ": " + e.getMessage());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
