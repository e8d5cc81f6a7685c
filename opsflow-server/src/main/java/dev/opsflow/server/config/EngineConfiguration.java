package dev.opsflow.server.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.opsflow.engine.expr.Expressions;
import dev.opsflow.engine.plugin.Plugin;
import dev.opsflow.engine.plugin.PluginRegistry;
import dev.opsflow.engine.runtime.EngineConfig;
import dev.opsflow.engine.runtime.TaskEngine;
import dev.opsflow.engine.runtime.TemplateCatalog;
import dev.opsflow.engine.store.SecretCodec;
import dev.opsflow.engine.store.TaskRepository;
import dev.opsflow.engine.task.Decider;
import dev.opsflow.engine.template.TemplateCompiler;
import dev.opsflow.plugins.BuiltinPlugins;
import dev.opsflow.store.jdbc.JdbcStores;
import dev.opsflow.store.jdbc.JdbcTaskRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the framework-free engine: data source, store, plugins, catalog and the task engine. */
@Configuration(proxyBeanMethods = false)
public class EngineConfiguration {
    private static final Logger log = LoggerFactory.getLogger(EngineConfiguration.class);

    @Bean(destroyMethod = "close")
    DataSource dataSource(OpsflowProperties props) throws IOException {
        var cfg = new HikariConfig();
        var url = props.databaseUrl();
        if (OpsflowProperties.blank(url)) {
            var dir = Path.of(props.dataDir()).toAbsolutePath();
            Files.createDirectories(dir);
            // WRITE_DELAY=0: every commit reaches the file before it returns, so a killed process loses nothing
            url = "jdbc:h2:file:" + dir.resolve("opsflow") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
        } else if (url.startsWith("jdbc:postgresql:") && !url.contains("reWriteBatchedInserts")) {
            url += (url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
        }
        cfg.setJdbcUrl(url);
        if (!OpsflowProperties.blank(props.databaseUser())) cfg.setUsername(props.databaseUser());
        if (!OpsflowProperties.blank(props.databasePassword())) cfg.setPassword(props.databasePassword());
        cfg.setMaximumPoolSize(16);
        cfg.setPoolName("opsflow");
        var ds = new HikariDataSource(cfg);
        JdbcStores.migrate(ds);
        return ds;
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    SecretCodec secretCodec(OpsflowProperties props) throws IOException {
        if (!OpsflowProperties.blank(props.secretKey())) {
            return new SecretCodec(Base64.getDecoder().decode(props.secretKey().trim()));
        }
        var file = Path.of(props.dataDir()).toAbsolutePath().resolve("secret.key");
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, Base64.getEncoder().encodeToString(SecretCodec.newKey()));
            FilePermissions.ownerOnly(file);
            log.info("generated the key for secrets at rest: {} (back it up; set OPSFLOW_SECRET_KEY on replicas)", file);
        }
        return new SecretCodec(Base64.getDecoder().decode(Files.readString(file).trim()));
    }

    @Bean
    TaskRepository taskRepository(DataSource ds, SecretCodec codec) {
        return new JdbcTaskRepository(ds, codec);
    }

    /** The built-in plugins plus every {@link Plugin} bean (the job platform's job_script, job_file, job_plan). */
    @Bean
    PluginRegistry pluginRegistry(ObjectProvider<Plugin> extra) {
        var registry = PluginRegistry.of(BuiltinPlugins.all());
        extra.orderedStream().forEach(registry::register);
        return registry;
    }

    @Bean
    Expressions expressions() {
        return new Expressions();
    }

    @Bean
    TemplateCatalog templateCatalog(TaskRepository repo, PluginRegistry plugins, Expressions expressions, Clock clock) {
        return new TemplateCatalog(repo, resolver -> new TemplateCompiler(plugins, expressions, resolver), clock);
    }

    @Bean(destroyMethod = "close")
    TaskEngine taskEngine(TaskRepository repo, TemplateCatalog catalog, PluginRegistry plugins, Expressions expressions,
                          Clock clock, OpsflowProperties props, DataSource ds) throws java.sql.SQLException {
        var id = OpsflowProperties.blank(props.nodeId())
                ? hostName() + ":" + ProcessHandle.current().pid() + ":" + HexFormat.of().formatHex(randomBytes())
                : props.nodeId();
        var engine = new TaskEngine(repo, catalog, plugins, new Decider(expressions), clock,
                EngineConfig.defaults(id).withLease(props.lease()).withWriters(writers(ds)));
        repo.ensureProject("default", "Default project", clock.instant());
        engine.start();
        log.info("engine {} started", id);
        return engine;
    }

    /** Several group-commit writers overlap commit waits on PostgreSQL; H2 is served best by one. */
    private static int writers(DataSource ds) throws java.sql.SQLException {
        try (var c = ds.getConnection()) {
            return c.getMetaData().getURL().startsWith("jdbc:postgresql:") ? 4 : 1;
        }
    }

    private static byte[] randomBytes() {
        var b = new byte[3];
        new SecureRandom().nextBytes(b);
        return b;
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
