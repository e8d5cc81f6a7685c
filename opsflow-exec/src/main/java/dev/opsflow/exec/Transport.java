package dev.opsflow.exec;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;

/**
 * One host's connection for the duration of a run: an SSH session ({@link SshTransport}) or this
 * machine ({@link LocalTransport}). Commands are POSIX shell command lines run by the login shell
 * ({@code $SHELL -c}) remotely and {@code sh -c} locally, so both transports share one wrapper.
 */
interface Transport extends AutoCloseable {

    /** A started command. */
    interface Command {
        /** Where the command's stdin goes; close it to send EOF. */
        OutputStream stdin();

        /** Completes when the command has ended and its output was delivered (or the connection died). */
        CompletableFuture<Void> closed();

        /** @return the exit status, or null when none arrived (connection lost, aborted) */
        Integer exitStatus();

        /** Forcibly closes the command's channel / destroys the local process. */
        void abort();
    }

    /** Starts {@code command}; stdout and stderr bytes are written to the given streams as they arrive. */
    Command start(String command, OutputStream stdout, OutputStream stderr) throws IOException;

    /** @return file access on this host (opened once, closed with the transport) */
    FileAccess files() throws IOException;

    /** @return why the connection is gone, or null while it is open */
    String lossReason();

    /** Closes everything; running commands are aborted. Never throws. */
    @Override
    void close();
}
