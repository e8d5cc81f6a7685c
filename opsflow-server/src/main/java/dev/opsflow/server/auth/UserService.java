package dev.opsflow.server.auth;

import dev.opsflow.server.config.OpsflowProperties;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import dev.opsflow.store.jdbc.JdbcStoreException;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * Local users (bcrypt) and API tokens (random 32 bytes, stored as SHA-256). On first start creates the
 * bootstrap admin with {@code OPSFLOW_ADMIN_PASSWORD} or a generated password that is printed once
 * and written to {@code <dataDir>/initial-admin-password} (mode 0600).
 */
@Service
public class UserService {
    private static final Logger log = LoggerFactory.getLogger(UserService.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private final DataSource ds;
    private final Clock clock;
    private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();

    /** A signed-in user. */
    public record User(String username, List<String> roles) { }

    /** A token as listed (never the secret). */
    public record TokenInfo(String id, String name, String createdAt, String lastUsedAt) { }

    public UserService(DataSource ds, Clock clock, OpsflowProperties props) throws Exception {
        this.ds = ds;
        this.clock = clock;
        bootstrap(props);
    }

    private void bootstrap(OpsflowProperties props) throws Exception {
        try (var c = ds.getConnection(); var st = c.prepareStatement("SELECT COUNT(*) FROM app_user")) {
            var rs = st.executeQuery();
            rs.next();
            if (rs.getInt(1) > 0) return;
        }
        var password = props.adminPassword();
        boolean generated = password == null || password.isBlank();
        if (generated) password = randomToken(18);
        try (var c = ds.getConnection(); var st = c.prepareStatement(
                "INSERT INTO app_user (username, password_hash, roles, created_at) VALUES (?, ?, ?, ?)")) {
            st.setString(1, "admin");
            st.setString(2, bcrypt.encode(password));
            st.setString(3, "admin");
            st.setTimestamp(4, Timestamp.from(clock.instant()));
            st.executeUpdate();
        }
        if (generated) {
            var file = Path.of(props.dataDir()).toAbsolutePath().resolve("initial-admin-password");
            Files.createDirectories(file.getParent());
            Files.writeString(file, password + "\n");
            dev.opsflow.server.config.FilePermissions.ownerOnly(file);
            // printed once, on the console only, as the bootstrap contract says
            System.out.println("\n*** Opsflow bootstrap admin: user 'admin', password '" + password + "'\n"
                    + "*** (also in " + file + "; change it or set OPSFLOW_ADMIN_PASSWORD)\n");
        } else {
            log.info("bootstrap admin 'admin' created with the password from OPSFLOW_ADMIN_PASSWORD");
        }
    }

    /** @return the user when the password matches */
    public Optional<User> checkPassword(String username, String password) {
        try (var c = ds.getConnection(); var st = c.prepareStatement(
                "SELECT password_hash, roles FROM app_user WHERE username = ?")) {
            st.setString(1, username);
            var rs = st.executeQuery();
            if (!rs.next() || !bcrypt.matches(password, rs.getString(1))) return Optional.empty();
            return Optional.of(new User(username, List.of(rs.getString(2).split(","))));
        } catch (SQLException e) {
            throw new JdbcStoreException("checking a password", e);
        }
    }

    /** @return the token's user, and records its use */
    public Optional<User> checkToken(String token) {
        var hash = sha256(token);
        try (var c = ds.getConnection(); var st = c.prepareStatement(
                "SELECT u.username, u.roles, t.id FROM api_token t JOIN app_user u ON u.username = t.username "
                        + "WHERE t.token_hash = ?")) {
            st.setString(1, hash);
            var rs = st.executeQuery();
            if (!rs.next()) return Optional.empty();
            var user = new User(rs.getString(1), List.of(rs.getString(2).split(",")));
            try (var up = c.prepareStatement("UPDATE api_token SET last_used_at = ? WHERE id = ?")) {
                up.setTimestamp(1, Timestamp.from(clock.instant()));
                up.setString(2, rs.getString(3));
                up.executeUpdate();
            }
            return Optional.of(user);
        } catch (SQLException e) {
            throw new JdbcStoreException("checking an API token", e);
        }
    }

    /** @return {id, name, token, createdAt}; the token is shown only here */
    public Map<String, Object> createToken(String username, String name) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException("name: a token needs a name of 1 to 200 characters");
        }
        var token = "ofp_" + randomToken(30);
        var id = "tok_" + randomToken(9);
        var now = clock.instant();
        try (var c = ds.getConnection(); var st = c.prepareStatement(
                "INSERT INTO api_token (id, username, name, token_hash, created_at) VALUES (?, ?, ?, ?, ?)")) {
            st.setString(1, id);
            st.setString(2, username);
            st.setString(3, name);
            st.setString(4, sha256(token));
            st.setTimestamp(5, Timestamp.from(now));
            st.executeUpdate();
        } catch (SQLException e) {
            throw new JdbcStoreException("creating an API token", e);
        }
        return Map.of("id", id, "name", name, "token", token, "createdAt", now.toString());
    }

    /** @return the user's tokens */
    public List<TokenInfo> tokens(String username) {
        var out = new ArrayList<TokenInfo>();
        try (var c = ds.getConnection(); var st = c.prepareStatement(
                "SELECT id, name, created_at, last_used_at FROM api_token WHERE username = ? ORDER BY created_at")) {
            st.setString(1, username);
            var rs = st.executeQuery();
            while (rs.next()) {
                var last = rs.getTimestamp(4);
                out.add(new TokenInfo(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant().toString(),
                        last == null ? null : last.toInstant().toString()));
            }
        } catch (SQLException e) {
            throw new JdbcStoreException("listing API tokens", e);
        }
        return out;
    }

    /** @return true when a token of the user was deleted */
    public boolean deleteToken(String username, String id) {
        try (var c = ds.getConnection(); var st = c.prepareStatement(
                "DELETE FROM api_token WHERE id = ? AND username = ?")) {
            st.setString(1, id);
            st.setString(2, username);
            return st.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new JdbcStoreException("deleting an API token", e);
        }
    }

    private static String randomToken(int bytes) {
        var b = new byte[bytes];
        RANDOM.nextBytes(b);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
