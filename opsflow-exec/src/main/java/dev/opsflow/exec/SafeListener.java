package dev.opsflow.exec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Shields a run from its listener: exceptions are logged and swallowed. */
record SafeListener(ExecutionListener delegate) implements ExecutionListener {
    private static final Logger log = LoggerFactory.getLogger(SafeListener.class);

    static ExecutionListener of(ExecutionListener listener) {
        return listener == null ? ExecutionListener.NONE : new SafeListener(listener);
    }

    @Override
    public void hostStateChanged(String host, HostState state, String message) {
        try {
            delegate.hostStateChanged(host, state, message);
        } catch (RuntimeException e) {
            log.warn("execution listener failed on state change of {}", host, e);
        }
    }

    @Override
    public void hostFinished(HostResult result) {
        try {
            delegate.hostFinished(result);
        } catch (RuntimeException e) {
            log.warn("execution listener failed on the result of {}", result.host(), e);
        }
    }

    @Override
    public void output(String host, String stream, String line) {
        try {
            delegate.output(host, stream, line);
        } catch (RuntimeException e) {
            log.warn("execution listener failed on output of {}", host, e);
        }
    }

    @Override
    public void batchFinished(int batchIndex, int batches, boolean failed) {
        try {
            delegate.batchFinished(batchIndex, batches, failed);
        } catch (RuntimeException e) {
            log.warn("execution listener failed on batch {}", batchIndex, e);
        }
    }
}
