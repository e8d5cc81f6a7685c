package dev.opsflow.jobs.flow;

import dev.opsflow.engine.plugin.Plugin;
import dev.opsflow.jobs.run.JobService;
import java.util.List;

/** The job platform's flow plugins: {@code job_script}, {@code job_file}, {@code job_plan}. */
public final class JobPlugins {
    private JobPlugins() {
    }

    /** @return the three plugins over {@code jobs}; {@code tasks} answers a task's project and creator */
    public static List<Plugin> all(JobService jobs, TaskLookup tasks) {
        return List.of(new JobScriptPlugin(jobs, tasks), new JobFilePlugin(jobs, tasks), new JobPlanPlugin(jobs, tasks));
    }
}
