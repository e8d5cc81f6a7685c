package dev.opsflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.Test;

/** Smoke test only (no timing assertions): the benchmark's flows are valid and one linear10 task runs. */
class BenchSmokeTest {
    @Test
    void flows_render_as_valid_bpmn_for_camunda() {
        for (var f : new Flow[] {BenchMain.LINEAR10, BenchMain.PARALLEL10, BenchMain.EXCLUSIVE, BenchMain.MIXED17}) {
            Bpmn.validateModel(CamundaFlows.model(f, true));
            Bpmn.validateModel(CamundaFlows.model(f, false));
        }
    }

    @Test
    void one_linear10_task_runs_on_in_memory_h2() throws Exception {
        try (var ops = new OpsflowBench(Db.H2_MEM)) {
            ops.deploy(BenchMain.LINEAR10);
            var r = ops.run(BenchMain.LINEAR10, 1, 1, 1, true, i -> Map.of());
            assertThat(r.failed()).isZero();
            assertThat(r.tasks()).isEqualTo(1);
            // 10 steps start and finish; start and end finish in one transition
            assertThat(ops.eventTypes()).containsEntry("NODE_STARTED", 10L).containsEntry("NODE_FINISHED", 12L)
                    .containsEntry("TASK_FINISHED", 1L);
            assertThat(r.doneToStart().count()).isEqualTo(10); // s2..s10 and end follow a step
        }
    }
}
