package dev.opsflow.engine.plugin;

import java.util.Map;
import java.util.Optional;

/**
 * A typed, versioned kind of plugin node. Implementations are stateless and thread-safe; all
 * per-attempt data comes through the {@link PluginContext}.
 *
 * <p>Styles: a <em>sync</em> plugin returns {@link PluginResult.Succeeded}/{@link PluginResult.Failed}
 * from {@link #execute}; a <em>poll</em> plugin returns {@link PluginResult.WaitUntil} and is
 * polled; a <em>callback</em> plugin returns {@link PluginResult.WaitForCallback} and is completed
 * by {@link #callback}.
 */
public interface Plugin {

    /** @return code, version and input/output schema; constant for the plugin's lifetime */
    PluginDescriptor descriptor();

    /**
     * Runs one attempt.
     * <ul>
     *   <li>When: the node's RUNNING transition is committed; once per attempt.</li>
     *   <li>May: block (it runs on a virtual thread), write to {@link PluginContext#log()}, watch
     *       {@link PluginContext#cancellation()} and stop promptly when cancelled.</li>
     *   <li>Threading: one virtual thread per attempt; never called concurrently for one attempt.</li>
     *   <li>Errors: an exception fails the attempt with its message as the reason.</li>
     * </ul>
     *
     * @param ctx inputs (rendered, defaults applied), logger, clock, cancellation
     * @return the outcome of the attempt
     * @throws Exception any failure; treated as {@link PluginResult.Failed}
     */
    PluginResult execute(PluginContext ctx) throws Exception;

    /**
     * Called when the time of a {@link PluginResult.WaitUntil} has come, with its state in
     * {@link PluginContext#state()}. Same threading and error rules as {@link #execute}.
     *
     * @param ctx the context, state included
     * @return the next outcome (another WaitUntil to keep polling)
     * @throws Exception any failure; treated as {@link PluginResult.Failed}
     */
    default PluginResult poll(PluginContext ctx) throws Exception {
        return PluginResult.failed("plugin '" + descriptor().code() + "' does not support polling");
    }

    /**
     * Delivers an external event to a node waiting for a callback (approval decisions arrive as
     * {@code {"approved": bool, "comment": str, "operator": str}}).
     *
     * @param ctx     the context, state included
     * @param payload the event's JSON object
     * @return the next outcome
     * @throws IllegalArgumentException when the payload is malformed (answered 400 to the caller)
     * @throws Exception                any other failure; treated as {@link PluginResult.Failed}
     */
    default PluginResult callback(PluginContext ctx, Map<String, Object> payload) throws Exception {
        return PluginResult.failed("plugin '" + descriptor().code() + "' does not accept callbacks");
    }

    /**
     * Stops external work of an attempt that is WAITING (poll or callback style, so no thread of the
     * plugin runs) when the node is revoked, force-failed or times out — e.g. terminates a job run.
     * Attempts running in {@link #execute}/{@link #poll} are stopped through
     * {@link PluginContext#cancellation()} instead.
     * <ul>
     *   <li>When: after the node's REVOKED/FAILED transition is committed; at most once per attempt; for
     *       an attempt that was WAITING, whatever state it saved (possibly none) — never for a RUNNING one,
     *       also not one a restart left RUNNING (being offered to {@link #reattach}, say). One more case:
     *       an attempt ended while its {@link #execute}, {@link #poll} or {@link #reattach} ran in this
     *       process (its cancellation was set) and that call then returned a wait ({@link PluginResult.WaitUntil}
     *       or {@link PluginResult.WaitForCallback}) — work it started or found that nobody will poll — or
     *       was a poll (whatever it returned): called once that call has returned, with the state it returned
     *       (for a poll that returned no wait, the state it polled with).</li>
     *   <li>Threading: a virtual thread; may block briefly. Errors are logged, never retried.</li>
     * </ul>
     *
     * @param ctx    the attempt's context; {@link PluginContext#state()} holds its saved state
     * @param reason why, e.g. "task revoked by admin"
     */
    default void cancel(PluginContext ctx, String reason) {
    }

    /**
     * After a restart, offered an attempt that was RUNNING when the process died.
     *
     * @param ctx the context of the interrupted attempt
     * @return a result to continue with, or empty when the plugin cannot re-attach (the attempt is
     *     then marked FAILED with reason "interrupted")
     */
    default Optional<PluginResult> reattach(PluginContext ctx) {
        return Optional.empty();
    }
}
