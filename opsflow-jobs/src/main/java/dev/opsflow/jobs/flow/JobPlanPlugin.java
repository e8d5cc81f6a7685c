package dev.opsflow.jobs.flow;

import dev.opsflow.engine.plugin.FieldSpec;
import dev.opsflow.engine.plugin.FieldType;
import dev.opsflow.engine.plugin.PluginContext;
import dev.opsflow.engine.plugin.PluginDescriptor;
import dev.opsflow.jobs.run.JobService;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code job_plan}: runs the latest version of a job plan with {@code variables} and waits until the
 * run settles. A confirm step or a paused rolling batch keeps the node WAITING until someone acts on
 * the job run. The node succeeds only when the run SUCCEEDED. Poll style, see {@link JobRunPlugin};
 * the run is named by the plan, so a restart in the instant between starting the run and saving the
 * node's state cannot find it again (the attempt then fails as interrupted).
 */
public final class JobPlanPlugin extends JobRunPlugin {
    private static final PluginDescriptor DESCRIPTOR;

    static {
        var inputs = new ArrayList<FieldSpec>(List.of(
                FieldSpec.required("plan", FieldType.STRING, "Job plan name"),
                FieldSpec.optional("variables", FieldType.MAP, null, "Job variable values (hosts variables take lists)")));
        inputs.addAll(OWNER_INPUTS);
        DESCRIPTOR = new PluginDescriptor("job_plan", 1, "Run a job plan",
                "Runs a job plan (script, file and confirm steps) and waits for the run.",
                inputs, List.copyOf(RUN_OUTPUTS), true);
    }

    public JobPlanPlugin(JobService jobs, TaskLookup tasks) {
        super(jobs, tasks);
    }

    @Override
    public PluginDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    String start(PluginContext ctx, FlowInputs in, Owner owner, String runName) {
        return jobs.runPlan(owner.project(), in.required("plan"), in.map("variables"), owner.origin());
    }

    @Override
    FailWhen failWhen(FlowInputs in) {
        return FailWhen.ANY;
    }

    @Override
    boolean findableByName() {
        return false;
    }

    @Override
    String defaultName(FlowInputs in) {
        return "plan " + in.string("plan").orElse("?");
    }
}
