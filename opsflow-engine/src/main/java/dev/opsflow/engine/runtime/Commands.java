package dev.opsflow.engine.runtime;

import dev.opsflow.engine.task.Signal;
import dev.opsflow.engine.task.StateConflictException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Operator commands as inbox payloads ({@code {"op": "retry", "nodeId": "x", ...}}) and inbox results
 * ({@code "ok"}, {@code "error:409:<message>"}, {@code "error:400:..."}, {@code "error:404:..."}).
 */
final class Commands {
    private Commands() {
    }

    static Map<String, Object> toPayload(Signal s) {
        var m = new LinkedHashMap<String, Object>();
        switch (s) {
            case Signal.Start x -> m.put("op", "start");
            case Signal.Pause x -> { m.put("op", "pause"); m.put("reason", x.reason()); }
            case Signal.Resume x -> { m.put("op", "resume"); m.put("reason", x.reason()); }
            case Signal.Revoke x -> { m.put("op", "revoke"); m.put("reason", x.reason()); }
            case Signal.RetryNode x -> { m.put("op", "retry"); m.put("nodeId", x.nodeId()); m.put("inputs", x.inputs()); }
            case Signal.SkipNode x -> {
                m.put("op", "skip"); m.put("nodeId", x.nodeId()); m.put("outputs", x.outputs()); m.put("reason", x.reason());
            }
            case Signal.ForceFail x -> { m.put("op", "force-fail"); m.put("nodeId", x.nodeId()); m.put("reason", x.reason()); }
            case Signal.ResumeNode x -> { m.put("op", "resume-node"); m.put("nodeId", x.nodeId()); }
            case Signal.Callback x -> {
                m.put("op", "callback"); m.put("nodeId", x.nodeId()); m.put("eventType", x.eventType());
                m.put("payload", x.payload());
            }
            case Signal.ChildSettled x -> {
                m.put("op", "child-settled"); m.put("nodeId", x.nodeId()); m.put("attempt", x.attempt());
                m.put("childTaskId", x.childTaskId()); m.put("childState", x.childState().name());
                m.put("outputs", x.childOutputs());
            }
            default -> throw new IllegalArgumentException("signal " + s.getClass().getSimpleName() + " is not a command");
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    static Signal fromPayload(Map<String, Object> p, String actor) {
        var op = String.valueOf(p.get("op"));
        var node = (String) p.get("nodeId");
        var reason = (String) p.get("reason");
        return switch (op) {
            case "start" -> new Signal.Start(actor);
            case "pause" -> new Signal.Pause(actor, reason);
            case "resume" -> new Signal.Resume(actor, reason);
            case "revoke" -> new Signal.Revoke(actor, reason);
            case "retry" -> new Signal.RetryNode(node, (Map<String, Object>) p.get("inputs"), actor);
            case "skip" -> new Signal.SkipNode(node, (Map<String, Object>) p.get("outputs"), reason, actor);
            case "force-fail" -> new Signal.ForceFail(node, reason, actor);
            case "resume-node" -> new Signal.ResumeNode(node, actor);
            case "callback" -> new Signal.Callback(node, (String) p.get("eventType"),
                    (Map<String, Object>) p.get("payload"), actor);
            case "child-settled" -> new Signal.ChildSettled(node, ((Number) p.get("attempt")).intValue(),
                    (String) p.get("childTaskId"), dev.opsflow.engine.task.TaskState.valueOf((String) p.get("childState")),
                    (Map<String, Object>) p.get("outputs"));
            default -> throw new IllegalArgumentException("unknown command '" + op + "'");
        };
    }

    static String errorResult(Throwable e) {
        return switch (e) {
            case StateConflictException c -> "error:409:" + c.getMessage();
            case NoSuchElementException n -> "error:404:" + n.getMessage();
            case IllegalArgumentException a -> "error:400:" + a.getMessage();
            default -> "error:500:" + e.getMessage();
        };
    }

    /** Turns an inbox result back into the exception the owner raised. */
    static void rethrow(String result) {
        if (result.equals("ok")) return;
        if (!result.startsWith("error:")) return;
        var rest = result.substring(6);
        var colon = rest.indexOf(':');
        var code = colon < 0 ? rest : rest.substring(0, colon);
        var message = colon < 0 ? rest : rest.substring(colon + 1);
        switch (code) {
            case "409" -> throw new StateConflictException(message);
            case "404" -> throw new NoSuchElementException(message);
            case "400" -> throw new IllegalArgumentException(message);
            default -> throw new IllegalStateException(message);
        }
    }
}
