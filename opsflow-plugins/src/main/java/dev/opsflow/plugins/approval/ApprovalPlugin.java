package dev.opsflow.plugins.approval;

import dev.opsflow.engine.plugin.FieldSpec;
import dev.opsflow.engine.plugin.FieldType;
import dev.opsflow.engine.plugin.Plugin;
import dev.opsflow.engine.plugin.PluginContext;
import dev.opsflow.engine.plugin.PluginDescriptor;
import dev.opsflow.engine.plugin.PluginResult;
import dev.opsflow.plugins.support.Inputs;
import java.util.List;
import java.util.Map;

/**
 * {@code approval}: waits for an operator's decision (callback style).
 *
 * <ul>
 *   <li>{@link #execute} returns {@code WaitForCallback} with state {@code {title, prompt}} (what the
 *       UI shows the approver).</li>
 *   <li>{@link #callback} takes {@code {approved: bool (required), comment: string, operator: string}}.
 *       Approved: Succeeded {@code {approved: true, comment, operator}}. Rejected:
 *       {@code Failed("rejected by <operator>: <comment>")} with {@code {approved: false, comment, operator}}.
 *       Missing comment/operator become "". The caller (server) is expected to set {@code operator}
 *       from the authenticated user, not from the request body.</li>
 *   <li>Errors: a payload without a boolean {@code approved}, or with a non-string comment/operator,
 *       throws IllegalArgumentException (answered 400).</li>
 * </ul>
 */
public final class ApprovalPlugin implements Plugin {
    private static final PluginDescriptor DESCRIPTOR = new PluginDescriptor("approval", 1, "Approval",
            "Pauses the branch until an operator approves or rejects it.",
            List.of(FieldSpec.optional("title", FieldType.STRING, "Approval required", "Short title shown to approvers"),
                    FieldSpec.optional("prompt", FieldType.TEXT, "", "What the approver is asked to check")),
            List.of(FieldSpec.required("approved", FieldType.BOOL, "true when approved"),
                    FieldSpec.required("comment", FieldType.TEXT, "The approver's comment, may be empty"),
                    FieldSpec.required("operator", FieldType.STRING, "Who decided")),
            false);

    @Override
    public PluginDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public PluginResult execute(PluginContext ctx) {
        var in = Inputs.of(ctx.inputs());
        String title;
        String prompt;
        try {
            title = in.string("title").orElse("Approval required");
            prompt = in.string("prompt").orElse("");
        } catch (IllegalArgumentException e) {
            return PluginResult.failed(e.getMessage());
        }
        return PluginResult.waitForCallback(Map.of("title", title, "prompt", prompt));
    }

    @Override
    public PluginResult callback(PluginContext ctx, Map<String, Object> payload) {
        if (payload == null || !(payload.get("approved") instanceof Boolean approved)) {
            throw new IllegalArgumentException("approval payload needs a boolean 'approved' but got "
                    + (payload == null ? "no payload" : Inputs.describe(payload.get("approved"))));
        }
        var comment = text(payload, "comment");
        var operator = text(payload, "operator");
        var outputs = Map.<String, Object>of("approved", approved, "comment", comment, "operator", operator);
        if (approved) return PluginResult.succeeded(outputs);
        var who = operator.isEmpty() ? "an unknown operator" : operator;
        return new PluginResult.Failed("rejected by " + who + (comment.isEmpty() ? "" : ": " + comment), outputs);
    }

    private static String text(Map<String, Object> payload, String key) {
        var value = payload.get(key);
        if (value == null) return "";
        if (value instanceof String s) return s;
        throw new IllegalArgumentException("approval payload field '" + key + "' must be a string but got " + Inputs.describe(value));
    }
}
