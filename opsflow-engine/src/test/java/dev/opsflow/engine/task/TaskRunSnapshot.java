package dev.opsflow.engine.task;

import java.util.Arrays;
import java.util.TreeMap;

/** A deep textual picture of a {@link TaskRun}, to prove the decider does not mutate its input. */
final class TaskRunSnapshot {
    private TaskRunSnapshot() {
    }

    static String of(TaskRun r) {
        var b = new StringBuilder();
        b.append("state=").append(r.state).append(" startedAt=").append(r.startedAt).append(" finishedAt=")
                .append(r.finishedAt).append(" outputs=").append(r.outputs).append(" lastSeq=").append(r.lastSeq)
                .append(" version=").append(r.version).append(" variables=").append(r.variables).append('\n');
        var converges = new TreeMap<String, String>();
        r.converges.forEach((k, v) -> converges.put(k, Arrays.toString(v)));
        b.append("converges=").append(converges).append('\n');
        b.append("nodeOrder=").append(r.nodes.keySet()).append('\n');
        r.nodes.forEach((id, n) -> b.append(id).append(": ").append(of(n)).append('\n'));
        return b.toString();
    }

    static String of(NodeRun n) {
        return "nodeId=" + n.nodeId + " state=" + n.state + " pass=" + n.pass + " attempt=" + n.attempt
                + " startedAt=" + n.startedAt + " finishedAt=" + n.finishedAt + " dueAt=" + n.dueAt
                + " inputs=" + n.inputs + " inputOverrides=" + n.inputOverrides + " outputs=" + n.outputs
                + " error=" + n.error + " waitingFor=" + n.waitingFor + " pluginState=" + n.pluginState
                + " breakpointResumed=" + n.breakpointResumed + " continued=" + n.continued;
    }
}
