package dev.opsflow.bench;

import java.util.HashSet;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.cfg.TransactionState;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.builder.AbstractFlowNodeBuilder;
import org.camunda.bpm.model.bpmn.builder.ServiceTaskBuilder;

/** Renders a {@link Flow} as a Camunda 7 BPMN model with the fluent model API. */
final class CamundaFlows {
    private CamundaFlows() { }

    /** The do-nothing step. */
    public static final class Noop implements JavaDelegate {
        @Override
        public void execute(DelegateExecution execution) { }
    }

    /** Runs on the end event; reports the instance as ended once its transaction has committed. */
    public static final class Ended implements ExecutionListener {
        /** Set by the running benchmark. */
        static volatile Runnable onCommitted = () -> { };

        @Override
        public void notify(DelegateExecution execution) {
            var r = onCommitted;
            Context.getCommandContext().getTransactionContext()
                    .addTransactionListener(TransactionState.COMMITTED, c -> r.run());
        }
    }

    /**
     * @param async {@code camunda:asyncBefore="true"} on every service task (each step its own job and transaction)
     */
    static BpmnModelInstance model(Flow flow, boolean async) {
        var start = Bpmn.createExecutableProcess(flow.name()).camundaHistoryTimeToLive(1).startEvent("start");
        var created = new HashSet<String>();
        created.add("start");
        follow(flow, flow.node("start"), start, async, created);
        return start.done();
    }

    private static void follow(Flow flow, Flow.Node node, AbstractFlowNodeBuilder<?, ?> b, boolean async, Set<String> created) {
        if (node.next() != null) {
            visit(flow, b, flow.node(node.next()), null, async, created);
        } else if (node.branches() != null) {
            for (var br : node.branches()) {
                visit(flow, b.moveToNode(node.id()), flow.node(br.to()), br.when(), async, created);
            }
        }
    }

    private static void visit(Flow flow, AbstractFlowNodeBuilder<?, ?> from, Flow.Node target, String when, boolean async,
                              Set<String> created) {
        if (when != null) from = from.condition(when, "${" + when + "}");
        if (!created.add(target.id())) {
            from.connectTo(target.id());
            return;
        }
        AbstractFlowNodeBuilder<?, ?> nb = switch (target.kind()) {
            case TASK -> {
                ServiceTaskBuilder t = from.serviceTask(target.id()).camundaClass(Noop.class.getName());
                yield async ? t.camundaAsyncBefore() : t;
            }
            case PARALLEL, CONVERGE -> from.parallelGateway(target.id());
            case EXCLUSIVE -> from.exclusiveGateway(target.id());
            case END -> from.endEvent(target.id()).camundaExecutionListenerClass(ExecutionListener.EVENTNAME_END,
                    Ended.class.getName());
            case START -> throw new IllegalStateException("edge into start");
        };
        follow(flow, target, nb, async, created);
    }
}
