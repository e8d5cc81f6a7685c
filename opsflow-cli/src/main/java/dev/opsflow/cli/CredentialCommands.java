package dev.opsflow.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code credentials add} and {@code accounts add}: the secret material hosts are reached with, and
 * the OS users scripts run as. Secrets are read from a file or standard input, never from arguments
 * (which other users can see in the process list).
 */
public final class CredentialCommands {
  private CredentialCommands() {}

  /** {@code credentials ...}. */
  @Command(name = "credentials", description = "Manage credentials (SSH keys, passwords).",
      subcommands = {AddCredential.class})
  public static final class Credentials {}

  /** {@code credentials add NAME --ssh-key FILE [--passphrase-stdin] | --password-stdin}. */
  @Command(name = "add", description = "Add a credential: an SSH private key file, or a password from stdin.")
  public static final class AddCredential extends BaseCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Kind kind;

    static final class Kind {
      @Option(names = "--ssh-key", paramLabel = "FILE", description = "Private key file (OpenSSH or PEM).")
      Path sshKey;

      @Option(names = "--password-stdin", description = "Read a password from the first line of standard input.")
      boolean passwordStdin;
    }

    @Option(names = "--passphrase-stdin", description = "With --ssh-key: read the key's passphrase from standard input.")
    boolean passphraseStdin;

    @Override
    public Integer call() {
      var body = Json.object();
      body.put("name", name);
      if (kind.sshKey != null) {
        body.put("kind", "ssh-key");
        try {
          body.put("privateKey", Files.readString(kind.sshKey));
        } catch (IOException e) {
          throw CliException.usage("cannot read " + kind.sshKey + ": " + e.getMessage());
        }
        if (passphraseStdin) {
          body.put("passphrase", stdinLine("--passphrase-stdin"));
        }
      } else {
        if (passphraseStdin) {
          throw CliException.usage("--passphrase-stdin goes with --ssh-key");
        }
        body.put("kind", "password");
        body.put("password", stdinLine("--password-stdin"));
      }
      var api = api();
      var info = api.post(api.projectPath("credentials"), body);
      if (json()) {
        printJson(info);
        return ExitCodes.OK;
      }
      out().println("credential " + Json.text(info, "name", name) + " added (" + Json.text(info, "kind", "?")
          + (info.hasNonNull("keyType") ? " " + Json.text(info, "keyType", "") : "")
          + (info.hasNonNull("fingerprint") ? " " + Json.text(info, "fingerprint", "") : "") + ")");
      return ExitCodes.OK;
    }

    private String stdinLine(String option) {
      var line = context().readLine();
      if (line == null || line.isEmpty()) {
        throw CliException.usage(option + ": standard input is empty");
      }
      return line;
    }
  }

  /** {@code accounts ...}. */
  @Command(name = "accounts", description = "Manage accounts (the OS users scripts run as).",
      subcommands = {AddAccount.class})
  public static final class Accounts {}

  /** {@code accounts add NAME --user U --credential C [--sudo-user S]}. */
  @Command(name = "add", description = "Add an account: login user, credential and optional sudo user.")
  public static final class AddAccount extends BaseCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--os-user", required = true, paramLabel = "U",
        description = "OS login user. (--user is the global basic-auth user, so this one is --os-user.)")
    String user;

    @Option(names = "--credential", paramLabel = "C", description = "Credential name (optional for local-only use).")
    String credential;

    @Option(names = "--sudo-user", paramLabel = "S", description = "Run scripts through sudo -n -u S.")
    String sudoUser;

    @Override
    public Integer call() {
      var body = Json.object();
      body.put("name", name);
      body.put("user", user);
      if (credential != null) {
        body.put("credential", credential);
      }
      if (sudoUser != null) {
        body.put("sudoUser", sudoUser);
      }
      var api = api();
      var info = api.post(api.projectPath("accounts"), body);
      if (json()) {
        printJson(info);
        return ExitCodes.OK;
      }
      out().println("account " + Json.text(info, "name", name) + " added (user " + Json.text(info, "user", user)
          + (credential == null ? "" : ", credential " + credential)
          + (sudoUser == null ? "" : ", sudo to " + sudoUser) + ")");
      return ExitCodes.OK;
    }
  }
}
