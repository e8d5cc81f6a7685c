package dev.opsflow.exec;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.ClientBuilder;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.kex.DHFactory;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.core.CoreModuleProperties;

/**
 * Owns the one shared {@link SshClient} (NIO2 I/O: a session costs buffers, not a thread) and turns
 * (host, account) into an authenticated session, or a {@link HostFailure} with the right state:
 * refused / no route / timeout (TCP or a silent server) → UNREACHABLE, rejected credential →
 * AUTH_FAILED, refused host key → FAILED with the verifier's reason.
 */
final class SshConnector implements AutoCloseable {
    private final SshClient client;

    SshConnector(KnownHosts knownHosts) {
        client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(new HostKeyVerifier(knownHosts));
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY); // never read ~/.ssh/config
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER); // never use ~/.ssh/id_*
        client.setKeyExchangeFactories(kexPreferringCurve25519());
        client.setCipherFactories(ciphersPreferringAesGcm());
        // a script may be silent for hours: no idle disconnect, but heartbeats to notice dead peers
        CoreModuleProperties.IDLE_TIMEOUT.set(client, Duration.ZERO);
        CoreModuleProperties.HEARTBEAT_INTERVAL.set(client, Duration.ofSeconds(30));
        client.start();
    }

    /**
     * AES-GCM first: the JDK runs it on AES-NI instructions. ChaCha20-Poly1305 is
     * {@link ChaCha20Poly1305Cipher} (the JDK's ChaCha20 intrinsics, MINA's Java Poly1305) instead of
     * MINA's all-Java cipher, which dominated client CPU when pushing files (JFR, docs/benchmarks.md);
     * it and CTR remain for servers that offer no AES-GCM.
     */
    private static List<org.apache.sshd.common.NamedFactory<org.apache.sshd.common.cipher.Cipher>> ciphersPreferringAesGcm() {
        var order = new ArrayList<org.apache.sshd.common.NamedFactory<org.apache.sshd.common.cipher.Cipher>>();
        for (var c : List.<org.apache.sshd.common.cipher.CipherFactory>of(org.apache.sshd.common.cipher.BuiltinCiphers.aes128gcm,
                org.apache.sshd.common.cipher.BuiltinCiphers.aes256gcm,
                ChaCha20Poly1305Cipher.FACTORY,
                org.apache.sshd.common.cipher.BuiltinCiphers.aes128ctr,
                org.apache.sshd.common.cipher.BuiltinCiphers.aes192ctr,
                org.apache.sshd.common.cipher.BuiltinCiphers.aes256ctr)) {
            if (c.isSupported()) order.add(c);
        }
        return order;
    }

    private static List<org.apache.sshd.common.kex.KeyExchangeFactory> kexPreferringCurve25519() {
        var order = new ArrayList<DHFactory>();
        for (var f : List.of(BuiltinDHFactories.curve25519, BuiltinDHFactories.curve25519_libssh,
                BuiltinDHFactories.ecdhp256, BuiltinDHFactories.ecdhp384, BuiltinDHFactories.ecdhp521,
                BuiltinDHFactories.dhgex256, BuiltinDHFactories.dhg16_512, BuiltinDHFactories.dhg14_256)) {
            if (f.isSupported()) order.add(f);
        }
        return order.stream().map(ClientBuilder.DH2KEX).toList();
    }

    /**
     * Connects and authenticates within {@code timeout} (TCP connect, banner, key exchange and auth).
     * The caller owns (closes) the returned session.
     */
    ClientSession connect(Host host, Account account, Duration timeout, HostKeyPolicy policy) throws HostFailure {
        long deadline = System.nanoTime() + timeout.toNanos();
        var check = new HostKeyVerifier.Check(host.address(), host.port(), policy);
        var where = host.address() + ":" + host.port();
        ClientSession session;
        try {
            var future = client.connect(account.user(), host.address(), host.port(),
                    AttributeRepository.ofKeyValuePair(HostKeyVerifier.CHECK, check), null);
            if (!future.await(remainingMs(deadline), TimeUnit.MILLISECONDS)) {
                future.cancel();
                throw new HostFailure(HostState.UNREACHABLE, "connect to " + where + " timed out after " + timeout.toMillis() + " ms");
            }
            if (future.getException() != null) throw connectFailure(where, future.getException());
            session = future.getSession();
        } catch (IOException e) {
            throw connectFailure(where, e);
        }
        try {
            addIdentity(session, account);
            var auth = session.auth();
            if (!auth.await(remainingMs(deadline), TimeUnit.MILLISECONDS)) {
                session.close(true);
                if (check.rejection != null) throw new HostFailure(HostState.FAILED, check.rejection);
                throw new HostFailure(HostState.UNREACHABLE, "no SSH handshake from " + where + " within " + timeout.toMillis() + " ms");
            }
            if (auth.isSuccess()) return session;
            session.close(true);
            if (check.rejection != null) throw new HostFailure(HostState.FAILED, check.rejection);
            var cause = auth.getException();
            var msg = cause == null ? "authentication failed" : String.valueOf(cause.getMessage());
            if (session.getServerKey() != null && !msg.toLowerCase().contains("closed")) {
                throw new HostFailure(HostState.AUTH_FAILED, "authentication as '" + account.user() + "' on " + where + " failed: " + msg);
            }
            throw new HostFailure(HostState.FAILED, "SSH handshake with " + where + " failed: " + msg);
        } catch (IOException e) {
            session.close(true);
            if (check.rejection != null) throw new HostFailure(HostState.FAILED, check.rejection);
            throw new HostFailure(HostState.FAILED, "SSH session with " + where + " failed: " + e.getMessage());
        }
    }

    private static void addIdentity(ClientSession session, Account account) throws HostFailure {
        switch (account.credential()) {
            case Credential.Password p -> {
                session.addPasswordIdentity(p.password());
                CoreModuleProperties.PREFERRED_AUTHS.set(session, "password,keyboard-interactive");
            }
            case Credential.PrivateKey k -> {
                try {
                    var keys = SecurityUtils.getKeyPairResourceParser().loadKeyPairs(session,
                            NamedResource.ofName("account " + account.name()),
                            k.passphrase() == null ? FilePasswordProvider.EMPTY : FilePasswordProvider.of(k.passphrase()),
                            k.pem());
                    if (keys == null || keys.isEmpty()) {
                        throw new HostFailure(HostState.AUTH_FAILED, "account '" + account.name() + "': no private key found in the credential");
                    }
                    keys.forEach(session::addPublicKeyIdentity);
                    CoreModuleProperties.PREFERRED_AUTHS.set(session, "publickey");
                } catch (HostFailure e) {
                    throw e;
                } catch (Exception e) {
                    throw new HostFailure(HostState.AUTH_FAILED, "account '" + account.name() + "': cannot read private key: " + e.getMessage());
                }
            }
            case null -> throw new HostFailure(HostState.AUTH_FAILED, "account '" + account.name() + "' has no credential");
        }
    }

    private static HostFailure connectFailure(String where, Throwable e) {
        var cause = e;
        while (cause.getCause() != null && !(cause instanceof ConnectException) && !(cause instanceof NoRouteToHostException)) {
            cause = cause.getCause();
        }
        var reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        // refused, no route, unknown name, TCP timeout: all mean "cannot get there" for an operator
        return new HostFailure(HostState.UNREACHABLE, "cannot connect to " + where + ": " + reason);
    }

    private static long remainingMs(long deadlineNanos) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }

    @Override
    public void close() {
        client.stop();
    }
}
