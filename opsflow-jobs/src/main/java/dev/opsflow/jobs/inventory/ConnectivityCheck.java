package dev.opsflow.jobs.inventory;

import dev.opsflow.exec.Account;
import dev.opsflow.exec.Host;
import dev.opsflow.exec.HostExecutor;
import dev.opsflow.exec.HostResult;
import java.time.Duration;

/**
 * "Can Opsflow reach this host?": connects with an account under the project's host-key policy and
 * runs the executor's trivial check command. The host {@value Host#LOCAL} is the server itself.
 */
public final class ConnectivityCheck {
    /** Connect + check limit when the caller gives none. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private final InventoryService inventory;
    private final AccountService accounts;
    private final HostKeyService hostKeys;
    private final HostExecutor executor;

    public ConnectivityCheck(InventoryService inventory, AccountService accounts, HostKeyService hostKeys, HostExecutor executor) {
        this.inventory = inventory;
        this.accounts = accounts;
        this.hostKeys = hostKeys;
        this.executor = executor;
    }

    /**
     * @param hostName    a host of the project, or {@value Host#LOCAL}
     * @param accountName the account to log in with; may be null for {@value Host#LOCAL} (the server's own user)
     * @param timeout     null for {@link #DEFAULT_TIMEOUT}
     * @return the check result (state SUCCEEDED, UNREACHABLE, AUTH_FAILED, FAILED ... with the error)
     * @throws java.util.NoSuchElementException for an unknown host or account
     * @throws IllegalArgumentException         when a remote host is checked without an account
     */
    public HostResult check(String project, String hostName, String accountName, Duration timeout) {
        var policy = hostKeys.policy(project);
        Host host = Host.LOCAL.equals(hostName) ? Host.local() : inventory.host(project, hostName).toHost();
        Account account;
        if (accountName == null || accountName.isBlank()) {
            if (!host.isLocal()) throw new IllegalArgumentException("account: an account is required to check host '" + hostName + "'");
            account = new Account("local", System.getProperty("user.name", "opsflow"), null, null);
        } else {
            account = accounts.account(project, accountName);
        }
        return executor.check(host, account, timeout == null ? DEFAULT_TIMEOUT : timeout, policy);
    }
}
