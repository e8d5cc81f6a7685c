package dev.opsflow.server.jobs.flow;

import dev.opsflow.engine.store.TaskRepository;
import dev.opsflow.jobs.flow.JobFilePlugin;
import dev.opsflow.jobs.flow.JobPlanPlugin;
import dev.opsflow.jobs.flow.JobScriptPlugin;
import dev.opsflow.jobs.flow.TaskLookup;
import dev.opsflow.jobs.run.JobService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The job platform's flow plugins ({@code job_script}, {@code job_file}, {@code job_plan}) as
 * {@code Plugin} beans, which {@code EngineConfiguration.pluginRegistry} registers beside the
 * built-in ones. They need the {@link JobService} and the task store (for a task's project and
 * creator); neither depends on the plugin registry, so there is no cycle.
 */
@Configuration(proxyBeanMethods = false)
public class JobFlowConfiguration {
    @Bean
    TaskLookup taskLookup(TaskRepository tasks) {
        return id -> tasks.findTask(id).map(t -> new TaskLookup.TaskOwner(t.project(), t.createdBy()));
    }

    @Bean
    JobScriptPlugin jobScriptPlugin(JobService jobs, TaskLookup tasks) {
        return new JobScriptPlugin(jobs, tasks);
    }

    @Bean
    JobFilePlugin jobFilePlugin(JobService jobs, TaskLookup tasks) {
        return new JobFilePlugin(jobs, tasks);
    }

    @Bean
    JobPlanPlugin jobPlanPlugin(JobService jobs, TaskLookup tasks) {
        return new JobPlanPlugin(jobs, tasks);
    }
}
