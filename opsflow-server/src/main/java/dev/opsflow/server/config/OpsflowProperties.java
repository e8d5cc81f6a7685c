package dev.opsflow.server.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Server settings ({@code opsflow.*}; environment {@code OPSFLOW_*}), listed in docs/configuration.md.
 *
 * @param dataDir          directory for the H2 database, the secret key and the initial admin password
 * @param databaseUrl      JDBC URL; empty = H2 file database under dataDir
 * @param databaseUser     JDBC user
 * @param databasePassword JDBC password
 * @param adminPassword    bootstrap admin password; empty = generated once and printed
 * @param secretKey        base64 32-byte AES key for secrets at rest; empty = generated under dataDir
 * @param lease            task ownership lease
 * @param nodeId           replica id; empty = host:pid:random
 */
@ConfigurationProperties(prefix = "opsflow")
public record OpsflowProperties(String dataDir, String databaseUrl, String databaseUser, String databasePassword,
                                String adminPassword, String secretKey, Duration lease, String nodeId) {
    public OpsflowProperties {
        dataDir = blank(dataDir) ? "./data" : dataDir;
        lease = lease == null ? Duration.ofSeconds(15) : lease;
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
