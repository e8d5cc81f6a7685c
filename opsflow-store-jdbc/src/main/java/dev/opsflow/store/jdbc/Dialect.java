package dev.opsflow.store.jdbc;

/**
 * The SQL that differs between the supported databases. Everything else in this package is plain
 * SQL that both H2 (2.x, default mode) and PostgreSQL (13+) accept unchanged.
 */
public enum Dialect {
    /** Embedded H2: one-machine installs and tests. */
    H2("h2"),
    /** PostgreSQL: N replicas on one database. */
    POSTGRESQL("postgresql");

    private final String folder;

    Dialect(String folder) {
        this.folder = folder;
    }

    /**
     * @param jdbcUrl a JDBC URL such as {@code jdbc:h2:mem:x} or {@code jdbc:postgresql://host/db}
     * @return the dialect
     * @throws IllegalArgumentException for any other database
     */
    public static Dialect ofUrl(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:h2:")) return H2;
        if (jdbcUrl.startsWith("jdbc:postgresql:")) return POSTGRESQL;
        throw new IllegalArgumentException("unsupported database " + jdbcUrl + " (expected jdbc:h2: or jdbc:postgresql:)");
    }

    /** @return the Flyway location of this dialect's migrations */
    public String migrationLocation() {
        return "classpath:db/migration/" + folder;
    }

    /**
     * Insert-or-update of one row.
     *
     * @param table   table name
     * @param keys    primary-key columns
     * @param columns the other columns; bind order is keys then columns
     */
    String upsert(String table, String[] keys, String[] columns) {
        var all = String.join(", ", keys) + ", " + String.join(", ", columns);
        var marks = "?, ".repeat(keys.length + columns.length - 1) + "?";
        return switch (this) {
            case H2 -> "MERGE INTO " + table + " (" + all + ") KEY (" + String.join(", ", keys) + ") VALUES (" + marks + ")";
            case POSTGRESQL -> {
                var sets = new StringBuilder();
                for (var c : columns) sets.append(sets.isEmpty() ? "" : ", ").append(c).append(" = EXCLUDED.").append(c);
                yield "INSERT INTO " + table + " (" + all + ") VALUES (" + marks + ") ON CONFLICT ("
                        + String.join(", ", keys) + ") DO UPDATE SET " + sets;
            }
        };
    }

    /**
     * Suffix for selecting claim candidates. PostgreSQL skips rows another claimer holds; H2 reads
     * plainly and relies on the compare-and-set update that follows (see {@code LeaseSql}).
     */
    String claimLockSuffix() {
        return this == POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "";
    }
}
