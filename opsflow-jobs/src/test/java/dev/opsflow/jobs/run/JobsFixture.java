package dev.opsflow.jobs.run;

import dev.opsflow.engine.store.SecretCodec;
import dev.opsflow.exec.Account;
import dev.opsflow.exec.Host;
import dev.opsflow.exec.HostExecutor;
import dev.opsflow.exec.HostKeyPolicy;
import dev.opsflow.jobs.inventory.AccountService;
import dev.opsflow.jobs.inventory.CredentialService;
import dev.opsflow.jobs.inventory.HostKeyService;
import dev.opsflow.jobs.inventory.InventoryService;
import dev.opsflow.jobs.library.JobsDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A whole job platform on a fresh database: the real inventory services, the real {@link HostExecutor}
 * and {@link JobService}. Besides the inventory's own targets, {@code h1}..{@code h9} resolve to extra
 * hosts on this machine (address {@code local}), so multi-host behaviour runs without SSH.
 */
final class JobsFixture implements AutoCloseable {
    static final String PROJECT = "demo";
    final JobsDatabase db;
    final SecretCodec codec = new SecretCodec(SecretCodec.newKey());
    final Clock clock = Clock.systemUTC();
    final HostExecutor executor;
    final JobInventory inventory;
    final Path dataDir;
    final JobService jobs;

    JobsFixture(JobsDatabase db, String nodeId) {
        this.db = db;
        try {
            this.dataDir = Files.createTempDirectory("opsflow-jobs-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        db.project(PROJECT);
        var ds = db.dataSource();
        var hostKeys = new HostKeyService(ds, clock);
        var real = JobInventory.of(new InventoryService(ds, clock),
                new AccountService(ds, new CredentialService(ds, codec, clock), clock), hostKeys);
        this.inventory = new LocalHostsInventory(real);
        this.executor = new HostExecutor(hostKeys.knownHosts(), clock);
        this.jobs = service(nodeId);
        jobs.start();
    }

    /** Another JobService on the same database (a restarted or second server). */
    JobService service(String nodeId) {
        return JobService.create(db.dataSource(), codec, clock, executor, inventory,
                JobSettings.defaults(dataDir, nodeId).withLogCapBytes(64 * 1024));
    }

    @Override
    public void close() {
        jobs.close();
        executor.close();
        db.close();
    }

    /** Maps h1..h9 to local hosts; everything else goes to the real inventory. */
    private record LocalHostsInventory(JobInventory real) implements JobInventory {
        @Override
        public List<Host> resolve(String project, List<String> targets) {
            var out = new ArrayList<Host>();
            var rest = new ArrayList<String>();
            for (var t : targets) {
                if (t.matches("h[1-9]")) out.add(new Host(t, Host.LOCAL, 0, "linux", Map.of()));
                else rest.add(t);
            }
            if (!rest.isEmpty()) out.addAll(real.resolve(project, rest));
            return out;
        }

        @Override
        public Account account(String project, String accountName) {
            return real.account(project, accountName);
        }

        @Override
        public HostKeyPolicy hostKeyPolicy(String project) {
            return real.hostKeyPolicy(project);
        }
    }
}
