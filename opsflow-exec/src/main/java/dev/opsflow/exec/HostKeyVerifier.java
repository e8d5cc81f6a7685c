package dev.opsflow.exec;

import java.net.SocketAddress;
import java.security.PublicKey;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;

/**
 * Verifies server keys against {@link KnownHosts}. The policy and the (address, port) the caller
 * asked for travel in the connection context ({@link #CHECK}), because one client serves runs with
 * different policies. A rejection reason is left in the {@link Check} so the connector can report it
 * instead of MINA's generic "key did not validate".
 */
final class HostKeyVerifier implements ServerKeyVerifier {
    static final AttributeKey<Check> CHECK = new AttributeKey<>();

    /** Per-connection input (address, port, policy) and output (rejection). */
    static final class Check {
        final String address;
        final int port;
        final HostKeyPolicy policy;
        volatile String rejection;

        Check(String address, int port, HostKeyPolicy policy) {
            this.address = address;
            this.port = port;
            this.policy = policy;
        }
    }

    private final KnownHosts knownHosts;

    HostKeyVerifier(KnownHosts knownHosts) {
        this.knownHosts = knownHosts;
    }

    @Override
    public boolean verifyServerKey(ClientSession session, SocketAddress remoteAddress, PublicKey serverKey) {
        var check = session.getConnectionContext() == null ? null : session.getConnectionContext().getAttribute(CHECK);
        if (check == null) return false; // every connection goes through SshConnector, which always sets it
        var offered = PublicKeyEntry.toString(serverKey);
        var known = knownHosts.find(check.address, check.port);
        if (known.isEmpty()) {
            if (check.policy == HostKeyPolicy.STRICT) {
                check.rejection = "unknown host key for " + check.address + ":" + check.port + " (policy: strict)";
                return false;
            }
            knownHosts.record(check.address, check.port, offered);
            return true;
        }
        if (sameKey(known.get(), offered)) return true;
        check.rejection = "host key for " + check.address + ":" + check.port + " changed: expected "
                + fingerprint(known.get()) + " got " + KeyUtils.getFingerPrint(serverKey);
        return false;
    }

    /** Compares type and base64 blob, ignoring a trailing comment. */
    static boolean sameKey(String a, String b) {
        return typeAndBlob(a).equals(typeAndBlob(b));
    }

    private static String typeAndBlob(String entry) {
        var parts = entry.trim().split("\\s+");
        return parts.length >= 2 ? parts[0] + " " + parts[1] : entry.trim();
    }

    static String fingerprint(String entry) {
        try {
            return KeyUtils.getFingerPrint(PublicKeyEntry.parsePublicKeyEntry(entry.trim()).resolvePublicKey(null, null, null));
        } catch (Exception e) {
            return "(unparseable recorded key)";
        }
    }
}
