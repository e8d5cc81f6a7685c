package dev.opsflow.exec;

import java.util.List;
import java.util.stream.Collectors;

/**
 * POSIX shell quoting and the command lines Opsflow sends to hosts. Every value from a script spec
 * (args, env values, user names, paths) goes through {@link #quote}: single quotes, with embedded
 * single quotes written as {@code '\''}. Inside single quotes no shell expands anything, so
 * {@code $(touch /tmp/pwned)} stays text.
 */
final class ShellQuoting {
    /** First stderr line of every script run: the pgid of the script's own session/process group. */
    static final String PGID_MARKER = "##opsflow:pgid ";

    private ShellQuoting() {}

    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    static String quoteAll(List<String> values) {
        return values.stream().map(ShellQuoting::quote).collect(Collectors.joining(" "));
    }

    /** Runs {@code shellCommand} with {@code sh -c}, via {@code sudo -n -u USER} when sudoUser is set. */
    static String asUser(String sudoUser, String shellCommand) {
        var sh = "sh -c " + quote(shellCommand);
        return sudoUser == null ? sh : "sudo -n -u " + quote(sudoUser) + " -- " + sh;
    }

    /**
     * The wrapper that runs a script read from stdin. Steps: copy stdin into a private temp file
     * (mode 600), start the interpreter in a new session with {@code setsid} (so it leads its own
     * process group and {@code kill -TERM -PGID} reaches every descendant), report that pgid on stderr
     * as {@value #PGID_MARKER}N, wait for it and exit with its status. The temp file is removed on exit.
     */
    static String scriptCommand(ScriptSpec spec, String sudoUser) {
        var env = spec.env().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .map(e -> quote(e.getKey() + "=" + e.getValue())).collect(Collectors.joining(" "));
        var run = "env " + env + (env.isEmpty() ? "" : " ") + spec.language().interpreter() + " \"$f\""
                + (spec.args().isEmpty() ? "" : " " + quoteAll(spec.args()));
        var wrapper = String.join("\n",
                "umask 077",
                "f=$(mktemp \"${TMPDIR:-/tmp}/opsflow.XXXXXXXX\") || exit 125",
                "trap 'rm -f \"$f\"' EXIT",
                "cat > \"$f\" || exit 125",
                "setsid sh -c 'echo \"" + PGID_MARKER + "$$\" >&2; exec \"$@\"' opsflow " + run + " </dev/null &",
                "wait $!",
                "exit $?");
        return asUser(sudoUser, wrapper);
    }

    /**
     * Kills process group {@code pgid}: SIGTERM, up to about 2 s for it to go, then SIGKILL.
     * ("No such process" is fine: nothing left to kill.)
     */
    static String killGroupCommand(long pgid, String sudoUser) {
        var g = "-" + pgid;
        var kill = "kill -TERM " + g + " 2>/dev/null; i=0; while kill -0 " + g + " 2>/dev/null && [ $i -lt 20 ]; "
                + "do sleep 0.1; i=$((i+1)); done; kill -KILL " + g + " 2>/dev/null; exit 0";
        return asUser(sudoUser, kill);
    }

    /** Prints "sha256 path" of {@code path}. */
    /** Exit status of {@link #uploadCommand} when the base target directory is missing and may not be created. */
    static final int NO_TARGET_DIR = 3;

    /**
     * The shell program that receives one file on stdin: base directory check (or creation), optional
     * sub directory, a temporary name removed on failure, {@code sha256sum} of what arrived on stdout, and
     * an atomic rename into place.
     */
    static String uploadCommand(String baseDir, boolean createBase, String dir, String path) {
        var b = quote(baseDir);
        var missing = createBase ? "mkdir -p " + b
                : "echo \"target directory \"" + b + "\" does not exist\" >&2; exit " + NO_TARGET_DIR;
        return "if [ ! -d " + b + " ]; then " + missing + "; fi; "
                + "mkdir -p " + quote(dir) + " || exit 4; "
                + "t=" + quote(dir + "/.opsflow-upload.") + "$$; "
                + "trap 'rm -f \"$t\"' EXIT; "
                + "cat > \"$t\" || exit 5; "
                + "sha256sum \"$t\" || exit 6; "
                + "mv -f \"$t\" " + quote(path) + " || exit 7; "
                + "trap - EXIT";
    }

    static String sha256Command(String path, String sudoUser) {
        return asUser(sudoUser, "sha256sum -- " + quote(path));
    }
}
