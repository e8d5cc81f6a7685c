package dev.opsflow.engine.task;

import dev.opsflow.engine.expr.Expressions;
import dev.opsflow.engine.template.CompiledTemplate;
import java.time.Instant;

/**
 * The pure heart of the engine: {@code decide(template, task, signal, now) -> Decision}. It reads the
 * task state, never mutates it and performs no I/O; the caller persists the decision and acts on it
 * after commit (the Conductor {@code DeciderService} split, STYLE.md #2).
 *
 * <p>Graph semantics are token-based as in BPMN: a token arriving at an activity starts it; gateways
 * and converges are instant; a converge fires once as many tokens arrived as its gateway sent.
 */
public final class Decider {
    private final Expressions expressions;

    /** @param expressions the sandboxed expression language used for inputs and conditions */
    public Decider(Expressions expressions) {
        this.expressions = expressions;
    }

    /**
     * @param template the task's compiled template version
     * @param task     current task state (not modified)
     * @param signal   what happened
     * @param now      clock reading used for timestamps and due times
     * @return the decision, empty for stale signals
     * @throws StateConflictException when an operator command is not allowed in the current state
     */
    public Decision decide(CompiledTemplate template, TaskRun task, Signal signal, Instant now) {
        var d = new Deciding(template, task, expressions, now, signal.actor());
        switch (signal) {
            case Signal.Start s -> d.start();
            case Signal.Pause p -> d.pause(p.reason());
            case Signal.Resume r -> d.resume(r.reason());
            case Signal.Revoke r -> d.revoke(r.reason());
            case Signal.Outcome o -> d.outcome(o.nodeId(), o.pass(), o.attempt(), o.result());
            case Signal.CallbackHandled c -> d.callbackHandled(c);
            case Signal.TimedOut t -> d.timedOut(t.nodeId(), t.pass(), t.attempt());
            case Signal.TimerDue t -> d.timerDue(t.nodeId(), t.pass(), t.attempt());
            case Signal.Interrupted i -> d.interrupted(i.nodeId(), i.pass(), i.attempt());
            case Signal.ChildSettled c -> d.childSettled(c);
            case Signal.RetryNode r -> d.retry(r.nodeId(), r.inputs());
            case Signal.SkipNode s -> d.skip(s.nodeId(), s.outputs(), s.reason());
            case Signal.ForceFail f -> d.forceFail(f.nodeId(), f.reason());
            case Signal.ResumeNode r -> d.resumeNode(r.nodeId());
            case Signal.Callback c -> throw new IllegalArgumentException(
                    "callbacks are delivered to the plugin first; decide its CallbackHandled instead");
        }
        return d.finish();
    }
}
