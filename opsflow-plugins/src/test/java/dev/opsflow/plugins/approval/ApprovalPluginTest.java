package dev.opsflow.plugins.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsflow.engine.plugin.PluginResult;
import dev.opsflow.plugins.support.TestContext;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApprovalPluginTest {
    private final ApprovalPlugin plugin = new ApprovalPlugin();
    private final TestContext ctx = TestContext.with(Map.of("title", "Deploy to prod?", "prompt", "Check the canary first."));

    @Test
    void executeWaitsForACallbackWithTitleAndPromptAsState() {
        assertThat(plugin.execute(ctx))
                .isEqualTo(PluginResult.waitForCallback(Map.of("title", "Deploy to prod?", "prompt", "Check the canary first.")));
    }

    @Test
    void anApprovalSucceedsWithTheDecisionAsOutputs() {
        var result = plugin.callback(ctx, Map.of("approved", true, "comment", "canary is green", "operator", "alice"));

        assertThat(result).isEqualTo(PluginResult.succeeded(
                Map.of("approved", true, "comment", "canary is green", "operator", "alice")));
    }

    @Test
    void aRejectionFailsNamingOperatorAndComment() {
        var result = plugin.callback(ctx, Map.of("approved", false, "comment", "not during peak", "operator", "bob"));
        var bare = plugin.callback(ctx, Map.of("approved", false));

        assertThat(result).isInstanceOfSatisfying(PluginResult.Failed.class, f -> {
            assertThat(f.reason()).isEqualTo("rejected by bob: not during peak");
            assertThat(f.outputs()).containsEntry("approved", false);
        });
        assertThat(((PluginResult.Failed) bare).reason()).isEqualTo("rejected by an unknown operator");
    }

    @Test
    void aPayloadWithoutABooleanApprovedIsRejected() {
        var nullApproved = new HashMap<String, Object>();
        nullApproved.put("approved", null);

        assertThatThrownBy(() -> plugin.callback(ctx, Map.of("comment", "ok")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("approval payload needs a boolean 'approved' but got null");
        assertThatThrownBy(() -> plugin.callback(ctx, Map.of("approved", "yes")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("approval payload needs a boolean 'approved' but got a string 'yes'");
        assertThatThrownBy(() -> plugin.callback(ctx, nullApproved)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> plugin.callback(ctx, Map.of("approved", true, "comment", 5)))
                .hasMessage("approval payload field 'comment' must be a string but got a number 5");
    }
}
