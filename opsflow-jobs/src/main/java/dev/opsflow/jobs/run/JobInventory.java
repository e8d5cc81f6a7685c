package dev.opsflow.jobs.run;

import dev.opsflow.exec.Account;
import dev.opsflow.exec.Host;
import dev.opsflow.exec.HostKeyPolicy;
import java.util.List;

/**
 * What job runs need from the inventory ({@code dev.opsflow.jobs.inventory}): the server wires it to
 * {@code InventoryService.resolve}, {@code AccountService.account} and the project's host-key policy.
 * A port, so the run package depends on three calls rather than on the inventory's whole surface.
 */
public interface JobInventory {
    /**
     * @param targets host names, {@code group:x}, label selectors or {@code local}
     * @return the hosts, de-duplicated, in a stable order
     * @throws IllegalArgumentException or java.util.NoSuchElementException for unknown targets
     */
    List<Host> resolve(String project, List<String> targets);

    /** @throws java.util.NoSuchElementException when the project has no such account */
    Account account(String project, String accountName);

    /** @return how unknown SSH host keys are treated in the project */
    HostKeyPolicy hostKeyPolicy(String project);

    /** @return the port backed by the inventory package's services */
    static JobInventory of(dev.opsflow.jobs.inventory.InventoryService inventory,
                           dev.opsflow.jobs.inventory.AccountService accounts,
                           dev.opsflow.jobs.inventory.HostKeyService hostKeys) {
        return new JobInventory() {
            @Override
            public List<Host> resolve(String project, List<String> targets) {
                return inventory.resolve(project, targets);
            }

            @Override
            public Account account(String project, String accountName) {
                return accounts.account(project, accountName);
            }

            @Override
            public HostKeyPolicy hostKeyPolicy(String project) {
                return hostKeys.policy(project);
            }
        };
    }
}
