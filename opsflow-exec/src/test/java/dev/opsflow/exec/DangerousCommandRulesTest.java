package dev.opsflow.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DangerousCommandRulesTest {
    final DangerousCommandRules rules = DangerousCommandRules.defaults();

    @ParameterizedTest
    @ValueSource(strings = {"rm -rf /", "sudo rm -rf / ", "rm -fr /*", "rm -r -f /", "rm -rf --no-preserve-root /",
            "mkfs.ext4 /dev/sdb1", "dd if=/dev/zero of=/dev/sda bs=1M", ":(){ :|:& };:", "chmod -R 777 /",
            "echo x > /dev/sda", "rm -rf /etc", "cd /tmp && rm -rf /"})
    void blocks(String line) {
        var findings = rules.check(Language.BASH, "echo start\n" + line + "\n");

        assertThat(DangerousCommandRules.blocks(findings)).as(line).isTrue();
        assertThat(findings.getFirst().line()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"reboot", "shutdown -h now", "sudo reboot", "systemctl reboot", "curl -s http://x | sh", "/sbin/reboot", "init 6"})
    void warns(String line) {
        var findings = rules.check(Language.SH, line);

        assertThat(findings).as(line).isNotEmpty().allMatch(f -> f.rule().action() == DangerousCommandRules.Action.WARN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rm -rf ./build", "rm -rf /tmp/build", "rm -rf \"$DIR\"/cache", "# rm -rf /", "echo reboot-needed.flag",
            "chmod 755 /opt/app", "dd if=a.img of=b.img", "ls /dev/sda"})
    void noFalsePositives(String line) {
        assertThat(rules.check(Language.BASH, line)).as(line).isEmpty();
    }

    @Test
    void extraRulesCanBeAddedPerLanguage() {
        var custom = rules.with(List.of(new DangerousCommandRules.Rule("py-rmtree", Language.PYTHON3,
                Pattern.compile("shutil\\.rmtree\\(\\s*['\"]/['\"]"), DangerousCommandRules.Action.BLOCK, "removes /")));

        assertThat(DangerousCommandRules.blocks(custom.check(Language.PYTHON3, "import shutil\nshutil.rmtree('/')"))).isTrue();
        assertThat(custom.check(Language.BASH, "shutil.rmtree('/')")).isEmpty();
    }
}
