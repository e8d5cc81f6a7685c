package dev.opsflow.server.jobs.run;

import dev.opsflow.engine.store.SecretCodec;
import dev.opsflow.exec.HostExecutor;
import dev.opsflow.jobs.inventory.AccountService;
import dev.opsflow.jobs.inventory.HostKeyService;
import dev.opsflow.jobs.inventory.InventoryService;
import dev.opsflow.jobs.run.JobInventory;
import dev.opsflow.jobs.run.JobService;
import dev.opsflow.jobs.run.JobSettings;
import dev.opsflow.server.config.OpsflowProperties;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the job platform (script library, plans, quick runs, history) on the server's data source,
 * secret codec, clock, the inventory services and the one {@link HostExecutor} (made by the inventory
 * wiring). Starting the bean sweeps runs interrupted by a previous stop of the server.
 */
@Configuration(proxyBeanMethods = false)
public class JobConfiguration {
    @Bean(destroyMethod = "close")
    JobService jobService(DataSource ds, SecretCodec codec, Clock clock, HostExecutor executor, InventoryService inventory,
                          AccountService accounts, HostKeyService hostKeys, OpsflowProperties props) {
        var node = props.nodeId() == null || props.nodeId().isBlank()
                ? "jobs-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8)
                : props.nodeId();
        var settings = JobSettings.defaults(Path.of(props.dataDir()).toAbsolutePath(), node);
        var jobs = JobService.create(ds, codec, clock, executor, JobInventory.of(inventory, accounts, hostKeys), settings);
        jobs.start();
        return jobs;
    }
}
