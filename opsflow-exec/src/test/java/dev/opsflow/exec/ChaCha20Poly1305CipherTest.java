package dev.opsflow.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import javax.crypto.AEADBadTagException;
import org.apache.sshd.common.cipher.ChaCha20Cipher;
import org.apache.sshd.common.cipher.Cipher;
import org.junit.jupiter.api.Test;

/** The JDK-based cipher must produce exactly MINA's packets (which interoperate with OpenSSH) and read them back. */
class ChaCha20Poly1305CipherTest {
    private static final int[] PAYLOAD_SIZES = {0, 1, 15, 16, 63, 64, 65, 1000, 32768, 35000, 8};

    @Test
    void encryptsPacketForPacketLikeMinasCipherAndDecryptsItsPackets() throws Exception {
        var random = new Random(7);
        var key = new byte[64];
        var iv = new byte[8];
        random.nextBytes(key);
        // the first sequence number: 0xfffffffa, so the 32-bit wrap to 0 happens within the packets below
        iv[4] = iv[5] = iv[6] = (byte) 0xff;
        iv[7] = (byte) 0xfa;
        var ours = ChaCha20Poly1305Cipher.FACTORY.create();
        var mina = new ChaCha20Cipher();
        var ourReader = ChaCha20Poly1305Cipher.FACTORY.create();
        ours.init(Cipher.Mode.Encrypt, key, iv);
        mina.init(Cipher.Mode.Encrypt, key, iv);
        ourReader.init(Cipher.Mode.Decrypt, key, iv);

        for (int size : PAYLOAD_SIZES) {
            var plain = new byte[4 + size + 16];
            random.nextBytes(plain);
            var a = plain.clone();
            var b = plain.clone();
            ours.updateAAD(a, 0, 4);
            ours.update(a, 4, size);
            mina.updateAAD(b, 0, 4);
            mina.update(b, 4, size);
            assertThat(a).as("packet of %d bytes", size).isEqualTo(b);

            ourReader.updateAAD(b, 0, 4);
            ourReader.update(b, 4, size);
            assertThat(Arrays.copyOf(b, 4 + size)).isEqualTo(Arrays.copyOf(plain, 4 + size));
        }
    }

    @Test
    void aTamperedPacketFailsTheTag() throws Exception {
        var key = new byte[64];
        new Random(9).nextBytes(key);
        var writer = ChaCha20Poly1305Cipher.FACTORY.create();
        var reader = ChaCha20Poly1305Cipher.FACTORY.create();
        writer.init(Cipher.Mode.Encrypt, key, new byte[8]);
        reader.init(Cipher.Mode.Decrypt, key, new byte[8]);
        var packet = new byte[4 + 100 + 16];
        writer.updateAAD(packet, 0, 4);
        writer.update(packet, 4, 100);
        packet[50] ^= 1;

        reader.updateAAD(packet, 0, 4);
        assertThatThrownBy(() -> reader.update(packet, 4, 100)).isInstanceOf(AEADBadTagException.class);
    }

    /**
     * Over a real connection: an OpenSSH server that allows only chacha20-poly1305 (the fixture's
     * default prefers AES-GCM, as Opsflow does) runs a script whose 2 MiB of output comes back through
     * the cipher, and takes a 3 MiB upload the other way, verified by SHA-256 on the host.
     */
    @Test
    void carriesARealSessionWithOpenSshBothWays(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        try (var sshd = SshdFixture.start(1, java.util.List.of("Ciphers chacha20-poly1305@openssh.com"));
             var executor = new HostExecutor(KnownHosts.inMemory(), java.time.Clock.systemUTC())) {
            var script = new ScriptSpec(Language.BASH, "head -c 2097152 /dev/zero | tr '\\0' x; echo; echo done",
                    java.util.List.of(), java.util.Map.of(), java.util.Set.of(), java.time.Duration.ofMinutes(1));
            var ran = executor.runScript(sshd.hosts(), sshd.account(), script,
                    RunOptions.defaults().withOutputCapBytes(4L * 1024 * 1024), null).done().get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(ran).singleElement().satisfies(r -> {
                assertThat(r.state()).as(r.toString()).isEqualTo(HostState.SUCCEEDED);
                assertThat(r.stdout()).hasSize(2 * 1024 * 1024 + 6).endsWith("x\ndone\n");
            });

            var source = FilePushTest.upload(tmp, "chacha.bin", 3L * 1024 * 1024);
            var targetDir = tmp.resolve("target");
            var pushed = executor.pushFiles(sshd.hosts(), sshd.account(), new FileSpec(java.util.List.of(source),
                    targetDir.toString(), true, DuplicatePolicy.OVERWRITE, 0, java.time.Duration.ofMinutes(1)),
                    RunOptions.defaults(), null).done().get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(pushed).singleElement().satisfies(r -> assertThat(r.state()).as(r.toString()).isEqualTo(HostState.SUCCEEDED));
            assertThat(FilePushTest.sha256(targetDir.resolve("chacha.bin"))).isEqualTo(source.sha256());
        }
    }
}
