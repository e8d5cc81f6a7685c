package dev.opsflow.server.jobs.inventory;

import dev.opsflow.engine.store.SecretCodec;
import dev.opsflow.exec.HostExecutor;
import dev.opsflow.jobs.inventory.AccountService;
import dev.opsflow.jobs.inventory.ConnectivityCheck;
import dev.opsflow.jobs.inventory.CredentialService;
import dev.opsflow.jobs.inventory.HostKeyService;
import dev.opsflow.jobs.inventory.InventoryService;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the framework-free inventory services (hosts, groups, credentials, accounts, host keys) and the
 * one {@link HostExecutor} of the server, which verifies host keys against the inventory's
 * {@code known_host} table. Other job-platform wiring injects these beans rather than making its own.
 */
@Configuration(proxyBeanMethods = false)
public class InventoryConfiguration {
    @Bean
    InventoryService inventoryService(DataSource ds, Clock clock) {
        return new InventoryService(ds, clock);
    }

    @Bean
    CredentialService credentialService(DataSource ds, SecretCodec codec, Clock clock) {
        return new CredentialService(ds, codec, clock);
    }

    @Bean
    AccountService accountService(DataSource ds, CredentialService credentials, Clock clock) {
        return new AccountService(ds, credentials, clock);
    }

    @Bean
    HostKeyService hostKeyService(DataSource ds, Clock clock) {
        return new HostKeyService(ds, clock);
    }

    @Bean(destroyMethod = "close")
    HostExecutor hostExecutor(HostKeyService hostKeys, Clock clock) {
        return new HostExecutor(hostKeys.knownHosts(), clock);
    }

    @Bean
    ConnectivityCheck connectivityCheck(InventoryService inventory, AccountService accounts, HostKeyService hostKeys,
                                        HostExecutor executor) {
        return new ConnectivityCheck(inventory, accounts, hostKeys, executor);
    }
}
