package dev.opsflow.cli;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The CLI's config file: JSON {@code {"server": URL, "token": "ofp_...", "tokenId": ID}}.
 *
 * <p>Location: {@code $OPSFLOW_CONFIG}, else {@code ~/.config/opsflow/cli.json}. The file holds an
 * API token, so it is written owner-only (0600, directory 0700 when created) through a temporary
 * file and an atomic rename: a reader never sees a half-written or briefly world-readable token.
 */
public final class ConfigFile {
  /** What the config file holds; every field may be null. */
  public record Data(String server, String token, String tokenId) {
    public static final Data EMPTY = new Data(null, null, null);
  }

  private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");

  private final Path path;

  public ConfigFile(Path path) {
    this.path = path;
  }

  /** The config file named by {@code env} ({@code OPSFLOW_CONFIG}) or the default location. */
  public static ConfigFile locate(Map<String, String> env) {
    String explicit = env.get("OPSFLOW_CONFIG");
    if (explicit != null && !explicit.isBlank()) {
      return new ConfigFile(Path.of(explicit));
    }
    return new ConfigFile(Path.of(System.getProperty("user.home"), ".config", "opsflow", "cli.json"));
  }

  public Path path() {
    return path;
  }

  /** Reads the file; a missing file is {@link Data#EMPTY}, an unreadable one a {@link CliException}. */
  public Data read() {
    if (!Files.exists(path)) {
      return Data.EMPTY;
    }
    try {
      JsonNode root = Json.MAPPER.readTree(Files.readString(path));
      return new Data(
          Json.text(root, "server", null), Json.text(root, "token", null), Json.text(root, "tokenId", null));
    } catch (IOException | JacksonException e) {
      throw new CliException(
          ExitCodes.USAGE, "cannot read the config file " + path + ": " + e.getMessage(), e);
    }
  }

  /** Replaces the file's content with {@code data} (null fields are left out), mode 0600. */
  public void write(Data data) {
    ObjectNode root = Json.object();
    if (data.server() != null) root.put("server", data.server());
    if (data.token() != null) root.put("token", data.token());
    if (data.tokenId() != null) root.put("tokenId", data.tokenId());
    try {
      Path dir = path.toAbsolutePath().getParent();
      createPrivateDirectories(dir);
      Path tmp = dir.resolve(path.getFileName() + ".tmp");
      Files.deleteIfExists(tmp);
      createPrivateFile(tmp);
      Files.writeString(tmp, Json.PRETTY.writeValueAsString(root) + "\n");
      try {
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new CliException(
          ExitCodes.USAGE, "cannot write the config file " + path + ": " + e.getMessage(), e);
    }
  }

  private static void createPrivateDirectories(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    if (isPosix(dir)) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
    } else {
      Files.createDirectories(dir);
    }
  }

  private static void createPrivateFile(Path file) throws IOException {
    try {
      if (isPosix(file)) {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE_MODE));
        // the umask may have narrowed the mode further, never widened it; set it exactly
        Files.setPosixFilePermissions(file, FILE_MODE);
      } else {
        Files.createFile(file);
      }
    } catch (FileAlreadyExistsException e) {
      throw new IOException("temporary file exists: " + file, e);
    }
  }

  private static boolean isPosix(Path anyPath) {
    return anyPath.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
