package dev.opsflow.bench;

/**
 * One measured run.
 *
 * @param tasks        tasks (process instances) completed
 * @param seconds      wall time from the first start to the last completion observed
 * @param nodes        nodes visited (start, end, gateways, steps) = tasks x nodes per task
 * @param events       NODE_* events committed (Opsflow only, else 0)
 * @param failed       tasks that did not finish successfully (or not within the wait limit)
 * @param commitFailures engine group commits that failed during the run (counted from the engine's log)
 * @param doneToStart   from a step's plugin returning to its successor's NODE_STARTED being committed (µs), or null
 * @param finishToInvoked from a step's NODE_FINISHED commit to its successor step's plugin being invoked (µs), or null
 * @param startToStart  from a step's NODE_STARTED commit to its successor's NODE_STARTED commit (µs), or null
 * @param cpuNanos      CPU time of the whole benchmark process during the run
 * @param startNanos    summed client time in {@code creator().createAndStart} (Opsflow) or {@code startProcessInstanceByKey} (Camunda)
 */
record Result(int tasks, double seconds, long nodes, long events, long failed, long commitFailures, Stats doneToStart, Stats finishToInvoked,
              Stats startToStart, long cpuNanos, long startNanos) {
    static long processCpuNanos() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    double cpuMillisPerTask() {
        return cpuNanos / 1e6 / tasks;
    }

    double startMillis() {
        return startNanos / 1e6 / tasks;
    }

    double tasksPerSecond() {
        return tasks / seconds;
    }

    double nodesPerSecond() {
        return nodes / seconds;
    }

    double eventsPerSecond() {
        return events / seconds;
    }
}
