package dev.opsflow.jobs.run;

import dev.opsflow.exec.HostState;
import dev.opsflow.exec.ResultGroup;
import java.util.List;
import java.util.Map;

/**
 * A run with its steps and grouped per-host results.
 *
 * @param outputs values published by hosts ({@code ##opsflow:output}), by host; later steps win per key
 */
public record RunSummary(JobRun run, List<StepSummary> steps, Map<String, Map<String, Object>> outputs) {

    /** @return the run state */
    public RunState state() {
        return run.state();
    }

    /**
     * One step: its record, how many hosts ended in each state (latest attempt per host) and the
     * results grouped by (state, exit code, output) — 5,000 identical successes are one group.
     */
    public record StepSummary(JobStep step, Map<HostState, Long> counts, List<ResultGroup> groups) {
    }
}
