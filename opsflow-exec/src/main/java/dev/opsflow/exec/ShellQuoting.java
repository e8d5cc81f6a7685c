package dev.opsflow.exec;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
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

    /** @return the script's UTF-8 text, ending in a newline */
    static byte[] scriptBytes(ScriptSpec spec) {
        var content = spec.content().endsWith("\n") ? spec.content() : spec.content() + "\n";
        return content.getBytes(StandardCharsets.UTF_8);
    }

    /** The bytes sent on the wrapper's stdin: the {@link #exportLine}, a newline, then {@link #scriptBytes}. */
    static byte[] wrapperInput(ScriptSpec spec) {
        var env = (exportLine(spec.env()) + "\n").getBytes(StandardCharsets.UTF_8);
        var script = scriptBytes(spec);
        var all = java.util.Arrays.copyOf(env, env.length + script.length);
        System.arraycopy(script, 0, all, env.length, script.length);
        return all;
    }

    /** The variable that hands the {@link #exportLine} from the wrapper to the interpreter's parent. */
    static final String ENV_VARIABLE = "_OPSFLOW_ENV";

    /**
     * One shell line that exports {@code env} when evaluated: {@code export A='x' B='y'} ({@code :} when
     * empty). Values are single-quoted; a newline in a value is written as {@code '"$nl"'} (the evaluating
     * shell sets {@code nl} to a newline first; all words of the one {@code export} are expanded before it
     * assigns, so a user variable named {@code nl} does not disturb the others), so the whole assignment
     * stays on one line for {@code read}. Names are validated by {@link ScriptSpec}.
     */
    static String exportLine(Map<String, String> env) {
        if (env.isEmpty()) return ":";
        return "export " + env.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + quote(e.getValue()).replace("\n", "'\"$nl\"'"))
                .collect(Collectors.joining(" "));
    }

    /**
     * Scripts of at most this many bytes ({@link #scriptBytes}) that contain no NUL byte reach the
     * interpreter as a here-document instead of a temp file: no {@code mktemp}, {@code head}, {@code wc}
     * and {@code rm} processes — four fork+execs, measured ≈ 4 ms of host CPU per run of
     * {@code hostname; echo ok} (8.9 → 4.9 ms for the whole wrapper, 300 runs each with dash). The shell
     * reads the script a byte per system call, which stays cheaper than those processes up to about this
     * size (3.9 KB measured: 8.5 against 7.7 ms), and dash writes a here-document of up to 4 KiB into its
     * pipe itself (PIPESIZE in its redir.c), larger ones through one more process.
     */
    static final int INLINE_MAX_BYTES = 4096;

    /**
     * What the here-document cannot give a script: a path it can open again. A script that names itself
     * ({@code $0}, {@code ${0}}, {@code BASH_SOURCE}: {@code exec sudo bash "$0"}, {@code bash "$0"} for a
     * child, {@code dirname "$0"}) gets the temp file.
     */
    private static final java.util.regex.Pattern SELF_REFERENCE = java.util.regex.Pattern.compile("\\$0|\\$\\{[#!]?0|BASH_SOURCE");

    /**
     * Whether {@link #scriptCommand} passes {@code spec}'s script ({@link #scriptBytes}) as a here-document:
     * bash and sh scripts of at most {@value #INLINE_MAX_BYTES} bytes, without a NUL byte (shell variables
     * cannot hold one) and not naming their own path ({@link #SELF_REFERENCE}). Python and Perl always get
     * the temp file: they would see {@code /dev/fd} as their script's directory and keep fd 4 open for
     * their children.
     */
    static boolean inline(ScriptSpec spec, byte[] script) {
        if (spec.language() != Language.BASH && spec.language() != Language.SH) return false;
        if (script.length > INLINE_MAX_BYTES) return false;
        for (byte b : script) if (b == 0) return false;
        return !SELF_REFERENCE.matcher(spec.content()).find();
    }

    /**
     * Prefixed to the first line of an inline script: bash and dash read their script through a descriptor
     * of their own (bash's 255, dash's 10 or more, both close-on-exec), so fd 4 is closed before anything
     * runs — left open, every command the script starts would inherit the pipe (LVM's tools warn about it
     * on stderr). On the first line, so line numbers stay those of the script.
     */
    static final String CLOSE_FD4 = "exec 4<&-; ";

    /**
     * The wrapper that runs a script read from stdin ({@link #wrapperInput}). Steps: read the first line,
     * the environment's {@link #exportLine} — environment values (secret parameters among them) travel as
     * data, never on a command line, where {@code ps} would show them to every user of the host; receive
     * the script, exiting 125 without running anything when the connection died while sending (a
     * truncated script is never run); start the interpreter in a new session with {@code setsid} (so it
     * leads its own process group and {@code kill -TERM -PGID} reaches every descendant), report that pgid
     * on stderr as {@value #PGID_MARKER}N, wait for it and exit with its status.
     *
     * <p>Receiving the script, two ways. A small bash or sh one ({@link #inline}) is read line by line with
     * the shell's {@code read} — its line count is in the wrapper, so a missing line or a last line without
     * its newline is a truncation — and handed to the interpreter as a here-document on file descriptor 4,
     * the interpreter reading {@code /dev/fd/4} (its {@code $0}). The here-document's text in the wrapper
     * is {@link #CLOSE_FD4} and {@code $s}: the script's text is the result of that expansion, which no
     * shell expands again, and it is never on a command line. Any other (larger, Python or Perl, naming
     * its own path, with a NUL byte) is copied — its byte count — into a file in a private directory made
     * by {@code mktemp -d} (mode 700: a name chosen by the shell could be a FIFO or link planted in /tmp,
     * which noclobber does not refuse, and Python would import modules planted next to a script in /tmp)
     * whose size is then checked (the check reads the file, not stdin, so a {@code head} that buffers
     * past its count, as BusyBox's does, changes nothing); the directory is removed on exit. Neither way
     * changes the umask the script runs with (the login's, usually 022).
     *
     * <p>The export line is evaluated only by the {@code sh} that then execs the interpreter (it gets the
     * line in the variable {@value #ENV_VARIABLE}, exported to it alone and unset before the exec), never by
     * the wrapper: a user variable named like one of the wrapper's ({@code f}, {@code s}, {@code TMPDIR},
     * {@code PATH}...) changes neither the wrapper nor what it runs, and the interpreter is looked up with
     * the user's {@code PATH}, as {@code env NAME=value interpreter} would.
     *
     * <p>Watchdog: the client keeps stdin open until the command has ended. A background subshell reads
     * it to EOF, which arrives early only when the connection is gone (sshd closes the session's pipes, a
     * local parent's pipe closes when it dies); it then sends TERM to the script's group and leaves the
     * KILL two seconds later to a process of its own — the wrapper, whose wait ends with the group
     * leader, kills the watchdog, and must not take the KILL with it. When the script ends first, the
     * wrapper kills the watchdog. Its output goes to /dev/null so it never holds the session's stdout or
     * stderr open.
     *
     * <p>Processes started on the host besides the interpreter: {@code setsid} (which execs {@code sh},
     * which execs the interpreter) and the watchdog subshell; for a temp file also {@code mktemp},
     * {@code head}, {@code wc} and the trap's {@code rm}. On bash older than 5.1 as {@code sh} a
     * here-document is itself a temp file in {@code $TMPDIR}, made by bash.
     */
    static String scriptCommand(ScriptSpec spec, String sudoUser) {
        var script = scriptBytes(spec);
        boolean inline = inline(spec, script);
        var run = spec.language().interpreter() + (inline ? " /dev/fd/4" : " \"$f\"")
                + (spec.args().isEmpty() ? "" : " " + quoteAll(spec.args()));
        var wrapper = new java.util.ArrayList<String>();
        wrapper.add("IFS= read -r e || exit 125");
        if (inline) {
            int lines = 0;
            for (byte b : script) if (b == '\n') lines++;
            // s: the lines joined by newlines; the here-document adds the last newline back
            wrapper.add("IFS= read -r s || exit 125");
            if (lines > 1) {
                wrapper.add("i=1; while [ $i -lt " + lines + " ]; do IFS= read -r l || exit 125; s=\"$s");
                wrapper.add("$l\"; i=$((i+1)); done");
            }
        } else {
            // a private directory (mode 700), not a file in /tmp: Python puts its script's directory first
            // on sys.path, and anyone could plant /tmp/json.py
            wrapper.add("d=$(mktemp -d \"${TMPDIR:-/tmp}/opsflow.XXXXXXXX\") || exit 125");
            wrapper.add("trap 'rm -rf \"$d\"' EXIT");
            wrapper.add("f=\"$d/script\"");
            wrapper.add("n=" + script.length);
            wrapper.add("head -c $n > \"$f\" || exit 125");
            wrapper.add("[ \"$(wc -c < \"$f\")\" -eq $n ] || exit 125");
        }
        // an asynchronous list's stdin is /dev/null (POSIX, no job control): keep the real one as fd 3
        wrapper.add("exec 3<&0");
        wrapper.add("export " + ENV_VARIABLE + "=\"$e\"");
        wrapper.add("setsid sh -c 'echo \"" + PGID_MARKER + "$$\" >&2; nl=\"");
        wrapper.add("\"; eval \"$" + ENV_VARIABLE + "\"; unset " + ENV_VARIABLE + "; exec \"$@\"' opsflow " + run
                + " </dev/null 3<&-" + (inline ? " 4<<E &" : " &"));
        if (inline) {
            wrapper.add(CLOSE_FD4 + "$s");
            wrapper.add("E");
        }
        wrapper.add("p=$!");
        wrapper.add("unset " + ENV_VARIABLE + " e s");
        wrapper.add("{ while read -r _ <&3; do :; done; kill -TERM -$p; (sleep 2; kill -KILL -$p) & } >/dev/null 2>&1 &");
        wrapper.add("w=$!");
        // quiet: after a dropped connection stderr is a broken pipe, and the shell's "Terminated"
        // notice would kill the wrapper with SIGPIPE before its EXIT trap removes the temp file
        wrapper.add("wait $p 2>/dev/null");
        wrapper.add("s=$?");
        wrapper.add("kill -KILL $w 2>/dev/null");
        wrapper.add("exit $s");
        return asUser(sudoUser, String.join("\n", wrapper));
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

    /** Exit status of {@link #uploadCommand} when the base target directory is missing and may not be created. */
    static final int NO_TARGET_DIR = 3;

    /**
     * From this size on an upload is hashed with {@code openssl dgst} when the target has it: OpenSSL's
     * SHA-256 uses the CPU's SHA instructions (~1.6 GB/s against coreutils' ~0.45 GB/s here, 9 instead of
     * 22 ms of CPU for 10 MiB), but starting it costs ~2 ms against ~0.5 ms, so small files stay with
     * {@code sha256sum}.
     */
    static final long OPENSSL_HASH_MIN_BYTES = 1024 * 1024;

    /**
     * The shell program that receives one file of {@code size} bytes on stdin: base directory check (or,
     * with {@code createBase}, nothing: the sub directory's {@code mkdir -p} creates it), the sub directory
     * (created only when missing: {@code [} is a shell builtin, {@code mkdir} another process), a private
     * temporary name from {@code mktemp} removed on failure, a size check (a stream that ended early — the
     * source failed, the connection dropped — exits 8), the SHA-256 of what arrived on stdout, compared on
     * the host too when {@code expectedSha256} is known (exit 9), and only then an atomic rename into place:
     * the target never shows a partial or wrong file.
     *
     * <p>The hash line is {@code <64 hex digits> ...}: {@code openssl dgst -sha256 -r} when the file is at
     * least {@value #OPENSSL_HASH_MIN_BYTES} bytes and {@code openssl} is installed, otherwise (or when it
     * fails) {@code sha256sum}. Both read the file on stdin, so no file name is printed or escaped.
     *
     * @param expectedSha256 the source's SHA-256 in hex when known before sending (an uploaded artifact), else null
     */
    static String uploadCommand(String baseDir, boolean createBase, String dir, String path, long size,
                                String expectedSha256) {
        var b = quote(baseDir);
        var d = quote(dir);
        var sha256sum = "sha256sum < \"$t\"";
        var hash = size < OPENSSL_HASH_MIN_BYTES ? sha256sum
                : "{ command -v openssl >/dev/null && openssl dgst -sha256 -r < \"$t\" 2>/dev/null || " + sha256sum + "; }";
        // known hash: compared here too, so a wrong copy never replaces the target's file
        var compare = expectedSha256 == null || !expectedSha256.matches("[0-9a-fA-F]{64}") ? ""
                : "case \"$h\" in " + expectedSha256.toLowerCase(java.util.Locale.ROOT) + "*) ;; *) echo \"sha256 mismatch: \"" + quote(path)
                        + " >&2; exit 9;; esac; ";
        return (createBase ? "" : "[ -d " + b + " ] || { echo \"target directory \"" + b + "\" does not exist\" >&2; exit "
                        + NO_TARGET_DIR + "; }; ")
                + "[ -d " + d + " ] || mkdir -p " + d + " || exit 4; "
                + "t=$(mktemp " + quote(dir + "/.opsflow-upload.") + "XXXXXXXX) || exit 5; "
                + "trap 'rm -f \"$t\"' EXIT; "
                + "cat > \"$t\" || exit 5; "
                + "[ \"$(wc -c < \"$t\")\" -eq " + size + " ] || { echo \"incomplete: \"$(wc -c < \"$t\")\" of " + size
                + " bytes arrived\" >&2; exit 8; }; "
                + "h=$(" + hash + ") || exit 6; echo \"$h\"; "
                + compare
                + "mv -f \"$t\" " + quote(path) + " || exit 7; "
                + "trap - EXIT";
    }
}
