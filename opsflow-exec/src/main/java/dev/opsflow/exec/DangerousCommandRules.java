package dev.opsflow.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Rules that flag dangerous commands in a script before it reaches any host. Immutable and
 * thread-safe. Callers run {@link #check} and refuse the run when any finding is {@link Action#BLOCK}
 * (see {@link #blocks}), or ask for confirmation on {@link Action#WARN}.
 *
 * <p>Matching is per line; full-line comments ({@code #...}, the comment syntax of every supported
 * language) are skipped so that commented-out commands do not trigger.
 */
public final class DangerousCommandRules {

    /**
     * @param id          stable identifier, e.g. {@code "rm-rf-root"}
     * @param language    language the rule applies to; null = all
     * @param pattern     searched (find, not match) in each non-comment line
     * @param action      warn or block
     * @param description shown to the operator
     */
    public record Rule(String id, Language language, Pattern pattern, Action action, String description) {
        public Rule {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(pattern, "pattern");
            Objects.requireNonNull(action, "action");
        }
    }

    public enum Action { WARN, BLOCK }

    /** A rule that matched on {@code line} (1-based); {@code text} is that line, trimmed. */
    public record Finding(Rule rule, int line, String text) {}

    private static final String END = "(?=\\s|;|&|\\||\\)|$)";
    private static final List<Rule> DEFAULTS = List.of(
            block("rm-rf-root",
                    "\\brm\\s+(?:-{1,2}[\\w-]+\\s+)*(?:\"|')?/(?:\\*)?(?:\"|')?" + END,
                    "removes the root filesystem (rm ... /)"),
            block("rm-rf-system-dir",
                    "\\brm\\s+(?:-{1,2}[\\w-]+\\s+)*-\\w*[rR]\\w*\\s+(?:-{1,2}[\\w-]+\\s+)*/(?:bin|boot|dev|etc|lib|lib64|proc|sbin|sys|usr|var)/?(?:\\*)?" + END,
                    "recursively removes a system directory"),
            block("mkfs", "\\bmkfs(?:\\.\\w+)?\\b", "formats a filesystem"),
            block("dd-to-disk", "\\bdd\\b.*\\bof=/dev/(?:sd|hd|vd|xvd|nvme|mmcblk|disk|md|dm-)",
                    "writes raw data onto a disk device"),
            block("redirect-to-disk", ">\\s*/dev/(?:sd|hd|vd|xvd|nvme|mmcblk|md|dm-)\\w*",
                    "overwrites a disk device"),
            block("fork-bomb", ":\\s*\\(\\s*\\)\\s*\\{\\s*:\\s*\\|\\s*:\\s*&\\s*}\\s*;\\s*:", "fork bomb"),
            block("chmod-777-root", "\\bchmod\\s+(?:-\\w+\\s+)*(?:-\\w*R\\w*\\s+0?777|0?777\\s+-\\w*R\\w*)\\s+/" + END,
                    "makes the whole filesystem world-writable"),
            block("chown-root", "\\bchown\\s+(?:-\\w+\\s+)*-\\w*R\\w*\\s+\\S+\\s+/" + END,
                    "changes the owner of the whole filesystem"),
            // only in command position (line start, after ; & | ( or sudo), so "echo reboot-needed" is fine
            warn("reboot", "(?:^|[;&|(]\\s*|\\bsudo\\s+)(?:/\\S*/)?(?:shutdown|reboot|halt|poweroff)" + END
                    + "|(?:^|[;&|(]\\s*|\\bsudo\\s+)init\\s+[06]" + END + "|\\bsystemctl\\s+(?:reboot|poweroff|halt)\\b",
                    "shuts down or reboots the host"),
            warn("curl-pipe-shell", "\\b(?:curl|wget)\\b[^|]*\\|\\s*(?:sudo\\s+)?(?:ba|z|da)?sh\\b",
                    "runs code downloaded from the network"),
            warn("firewall-flush", "\\biptables\\s+(?:-\\w+\\s+)*-F\\b", "flushes all firewall rules"),
            warn("kill-all", "\\bkill\\s+-9\\s+-1\\b|\\bkillall5\\b", "kills every process"));

    private final List<Rule> rules;

    private DangerousCommandRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    private static Rule block(String id, String regex, String description) {
        return new Rule(id, null, Pattern.compile(regex), Action.BLOCK, description);
    }

    private static Rule warn(String id, String regex, String description) {
        return new Rule(id, null, Pattern.compile(regex), Action.WARN, description);
    }

    /**
     * The built-in rules. Block: {@code rm -rf /} (and /*, system directories), {@code mkfs},
     * {@code dd of=/dev/sd*}, {@code > /dev/sda}, the bash fork bomb, {@code chmod -R 777 /},
     * {@code chown -R x /}. Warn: shutdown/reboot/halt/poweroff/init 0|6, {@code curl | sh},
     * {@code iptables -F}, {@code kill -9 -1}.
     */
    public static DangerousCommandRules defaults() {
        return new DangerousCommandRules(DEFAULTS);
    }

    /** @return these rules plus {@code extra} (e.g. per-project rules) */
    public DangerousCommandRules with(List<Rule> extra) {
        var all = new ArrayList<>(rules);
        all.addAll(extra);
        return new DangerousCommandRules(all);
    }

    /** @return the rules, in evaluation order */
    public List<Rule> rules() {
        return rules;
    }

    /** @return every (rule, line) match in {@code content}, ordered by line then rule */
    public List<Finding> check(Language language, String content) {
        var findings = new ArrayList<Finding>();
        var lines = content.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            var text = lines[i].strip();
            if (text.isEmpty() || (text.startsWith("#") && !text.startsWith("#!"))) continue;
            for (var rule : rules) {
                if (rule.language() != null && rule.language() != language) continue;
                if (rule.pattern().matcher(text).find()) findings.add(new Finding(rule, i + 1, text));
            }
        }
        return findings;
    }

    /** @return true when any finding is a {@link Action#BLOCK} */
    public static boolean blocks(List<Finding> findings) {
        return findings.stream().anyMatch(f -> f.rule().action() == Action.BLOCK);
    }
}
