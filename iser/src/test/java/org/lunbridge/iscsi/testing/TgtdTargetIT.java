package org.lunbridge.iscsi.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The harness against real tgtd, checked with tgtadm and qemu's libiscsi initiator (qemu-img, qemu-io). */
@ExtendWith(TgtdLogOnFailure.class)
class TgtdTargetIT {
    private static final String IQN = "iqn.2026-01.org.lunbridge:harness";
    private static final String IQN2 = "iqn.2026-01.org.lunbridge:harness2";
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(20);
    private static final Pattern VIRTUAL_SIZE = Pattern.compile("\"virtual-size\":\\s*(\\d+)");

    @Test
    void givenConfiguredTargets_whenShown_thenTgtadmListsLunsAccountsAclAndParams() throws IOException {
        try (TgtdTarget tgtd = TgtdTarget.builder()
                .target(IQN, t -> t.lun(1, 8 << 20)
                        .lun(LunSpec.of(2, 4 << 20).withBlockSize(4096).asReadonly().asThin())
                        .allowAll()
                        .incomingUser("alice", "alice-secret-1")
                        .outgoingUser("tgt", "target-secret-1")
                        .headerDigest("CRC32C").param("MaxRecvDataSegmentLength", "65536")
                        .param("ImmediateData", "No"))
                .target(IQN2, t -> t.lun(1, 1 << 20).allowInitiatorName("iqn.2026-01.org.lunbridge:init"))
                .start()) {
            String show = tgtd.show();

            assertTrue(show.contains("Target 1: " + IQN), show);
            assertTrue(show.contains("Target 2: " + IQN2), show);
            assertTrue(show.contains("Block size: 4096"), show);
            assertTrue(show.contains("Readonly: Yes"), show);
            assertTrue(show.contains("Thin-provisioning: Yes"), show);
            assertTrue(show.contains("alice"), show);
            assertTrue(show.contains("tgt (outgoing)"), show);
            assertTrue(show.contains("iqn.2026-01.org.lunbridge:init"), show);
            String params = tgtd.tgtadm("--op", "show", "--mode", "target", "--tid", "1");
            assertTrue(params.contains("HeaderDigest=CRC32C"), params);
            assertTrue(params.contains("MaxRecvDataSegmentLength=65536"), params);
            assertTrue(params.contains("ImmediateData=No"), params);
            assertEquals(8 << 20, Files.size(tgtd.backingFile(IQN, 1)));
            assertEquals(2, tgtd.tid(IQN2));
        }
    }

    @Test
    void givenTarget_whenQemuImgInfo_thenSizeOfEachLunSeen() throws IOException {
        try (TgtdTarget tgtd = TgtdTarget.builder()
                .target(IQN, t -> t.lun(1, 8 << 20).lun(LunSpec.of(2, 12 << 20).withBlockSize(4096)).allowAll())
                .start()) {
            try (Socket socket = new Socket("127.0.0.1", tgtd.port())) {
                assertTrue(socket.isConnected());
            }
            assertEquals(8 << 20, virtualSize(tgtd.iscsiUrl(IQN, 1)));
            assertEquals(12 << 20, virtualSize(tgtd.iscsiUrl(IQN, 2)));
        }
    }

    @Test
    void givenChapTarget_whenLoginWithRightOrWrongSecret_thenOnlyRightSecretSucceeds() throws IOException {
        try (TgtdTarget tgtd = TgtdTarget.builder()
                .target(IQN, t -> t.lun(1, 4 << 20).allowAll().incomingUser("alice", "alice-secret-1"))
                .start()) {
            assertEquals(4 << 20, virtualSize(tgtd.iscsiUrl(IQN, 1, "alice", "alice-secret-1")));

            ExternalCommand.Result wrong = qemuImgInfo(tgtd.iscsiUrl(IQN, 1, "alice", "wrong-secret-1"));
            ExternalCommand.Result none = qemuImgInfo(tgtd.iscsiUrl(IQN, 1));

            assertFalse(wrong.succeeded(), wrong.describe());
            assertTrue(wrong.stderr().contains("Authentication failure"), wrong.describe());
            assertFalse(none.succeeded(), none.describe());
        }
    }

    @Test
    void givenThinLun_whenInitiatorDiscards_thenTgtdPunchesHolesInTheBackingFile() throws IOException {
        try (TgtdTarget tgtd = TgtdTarget.builder()
                .target(IQN, t -> t.lun(LunSpec.of(1, 4 << 20).asThin()).allowAll()).start()) {
            String url = tgtd.iscsiUrl(IQN, 1);
            Path file = tgtd.backingFile(IQN, 1);
            qemuIo(url, "write -P 0x5a 0 1M").requireSuccess();
            long written = allocatedBlocks(file);

            qemuIo(url, "discard 0 1M", "-d", "unmap").requireSuccess();

            assertTrue(written >= 2048, "512-byte blocks after write: " + written);
            assertEquals(0, allocatedBlocks(file), "UNMAP on a thin LUN must deallocate");
        }
    }

    @Test
    void givenReadonlyLun_whenInitiatorWrites_thenRefusedAndFileUntouched() throws IOException {
        try (TgtdTarget tgtd = TgtdTarget.builder()
                .target(IQN, t -> t.lun(LunSpec.of(1, 1 << 20).asReadonly()).allowAll()).start()) {
            ExternalCommand.Result write = qemuIo(tgtd.iscsiUrl(IQN, 1), "write -P 0x5a 0 4k");

            // libiscsi reads the WP bit (MODE SENSE) and refuses a read-write open.
            assertFalse(write.succeeded(), write.describe());
            assertTrue(write.stderr().contains("write protected"), write.describe());
            assertEquals(0, allocatedBlocks(tgtd.backingFile(IQN, 1)), "nothing may reach the file");
        }
    }

    @Test
    void givenAclByInitiatorName_whenOtherInitiatorLogsIn_thenOnlyTheNamedOneSeesTheLun() throws IOException {
        String allowed = "iqn.2026-01.org.lunbridge:init";
        try (TgtdTarget tgtd = TgtdTarget.builder()
                .target(IQN, t -> t.lun(1, 2 << 20).allowInitiatorName(allowed)).start()) {
            // tgtd hides a target from initiators outside its ACL: "Target not found".
            ExternalCommand.Result stranger = qemuImgInfo(tgtd.iscsiUrl(IQN, 1));
            ExternalCommand.Result named = ExternalCommand.run(TOOL_TIMEOUT, "qemu-img", "info", "--output=json",
                    "--image-opts", "driver=iscsi,transport=tcp,portal=127.0.0.1:" + tgtd.port() + ",target=" + IQN
                            + ",lun=1,initiator-name=" + allowed);

            assertFalse(stranger.succeeded(), stranger.describe());
            assertTrue(stranger.stderr().contains("Target not found"), stranger.describe());
            assertTrue(named.succeeded(), named.describe());
            assertTrue(named.stdout().contains("\"virtual-size\": " + (2 << 20)), named.describe());
        }
    }

    @Test
    void givenWrittenData_whenKilledAndRestarted_thenSamePortServesSameData() throws IOException {
        try (TgtdTarget tgtd = TgtdTarget.builder().target(IQN, t -> t.lun(1, 4 << 20).allowAll()).start()) {
            int port = tgtd.port();
            long firstPid = tgtd.pid();
            qemuIo(tgtd.iscsiUrl(IQN, 1), "write -P 0xab 4096 4096").requireSuccess();

            tgtd.kill9();
            assertFalse(tgtd.isRunning());
            assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());
            tgtd.restart();

            assertEquals(port, tgtd.port());
            assertNotEquals(firstPid, tgtd.pid());
            ExternalCommand.Result read = qemuIo(tgtd.iscsiUrl(IQN, 1), "read -P 0xab 4096 4096");
            assertTrue(read.succeeded() && !read.stdout().contains("Pattern verification failed"),
                    read.describe());
        }
    }

    @Test
    void givenOpenSession_whenDeleteConnections_thenTgtdDropsIt() throws Exception {
        try (TgtdTarget tgtd = TgtdTarget.builder().target(IQN, t -> t.lun(1, 4 << 20).allowAll()).start()) {
            // qemu-io keeps its libiscsi session open while it sleeps.
            Process qemuIo = new ProcessBuilder("qemu-io", "-r", "-c", "sleep 20000", tgtd.iscsiUrl(IQN, 1))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                List<TgtdConnection> before = awaitConnections(tgtd, 1);
                assertEquals(1, before.size(), before.toString());
                assertEquals("iqn.2008-11.org.linux-kvm", before.get(0).initiator());

                assertEquals(1, tgtd.deleteConnections(1));

                // libiscsi reconnects with a new session; the deleted one must be gone.
                long deletedSid = before.get(0).sid();
                assertTrue(tgtd.connections(1).stream().noneMatch(c -> c.sid() == deletedSid));
            } finally {
                qemuIo.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void givenPausedTgtd_whenQemuImgInfo_thenHangsUntilResumed() throws IOException {
        try (TgtdTarget tgtd = TgtdTarget.builder().target(IQN, t -> t.lun(1, 4 << 20).allowAll()).start()) {
            tgtd.pause();
            IOException hung = assertThrows(IOException.class, () -> ExternalCommand.run(Duration.ofSeconds(2),
                    "qemu-img", "info", tgtd.iscsiUrl(IQN, 1)));
            assertTrue(hung.getMessage().contains("did not finish"), hung.getMessage());

            tgtd.resume();

            assertEquals(4 << 20, virtualSize(tgtd.iscsiUrl(IQN, 1)));
        }
    }

    @Test
    void givenTwoHarnesses_whenStartedTogether_thenDistinctPortsAndCloseCleansUp() throws IOException {
        Path dir;
        long pid;
        int controlPort;
        try (TgtdTarget a = TgtdTarget.builder().target(IQN, t -> t.lun(1, 1 << 20).allowAll()).start();
             TgtdTarget b = TgtdTarget.builder().target(IQN, t -> t.lun(1, 1 << 20).allowAll()).start()) {
            assertNotEquals(a.port(), b.port());
            assertNotEquals(a.controlPort(), b.controlPort());
            assertTrue(a.show().contains(IQN) && b.show().contains(IQN));
            dir = a.backingFile(IQN, 1).getParent();
            pid = a.pid();
            controlPort = a.controlPort();
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertTrue(TgtdTarget.startedAfter(0).stream().anyMatch(t -> t.log().contains("bs_init")),
                "logs stay readable after close for TgtdLogOnFailure");
        assertFalse(Files.exists(dir), dir.toString());
        assertFalse(Files.exists(Path.of("/var/run/tgtd/socket." + controlPort)));
    }

    private static List<TgtdConnection> awaitConnections(TgtdTarget tgtd, int tid) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            List<TgtdConnection> connections = tgtd.connections(tid);
            if (!connections.isEmpty()) {
                return connections;
            }
            Thread.sleep(20); // tgtadm is the only way to observe a login: poll it
        }
        throw new AssertionError("no connection to tid " + tid + " within 10 s; log:\n" + tgtd.log());
    }

    private static long virtualSize(String url) throws IOException {
        ExternalCommand.Result info = qemuImgInfo(url).requireSuccess();
        Matcher m = VIRTUAL_SIZE.matcher(info.stdout());
        assertTrue(m.find(), info.describe());
        return Long.parseLong(m.group(1));
    }

    private static ExternalCommand.Result qemuImgInfo(String url) throws IOException {
        return ExternalCommand.run(TOOL_TIMEOUT, "qemu-img", "info", "--output=json", url);
    }

    private static ExternalCommand.Result qemuIo(String url, String command, String... options) throws IOException {
        List<String> argv = new java.util.ArrayList<>(List.of("qemu-io", "-f", "raw"));
        argv.addAll(List.of(options));
        argv.addAll(List.of("-c", command, url));
        return ExternalCommand.run(TOOL_TIMEOUT, argv);
    }

    private static long allocatedBlocks(Path file) throws IOException {
        return Long.parseLong(ExternalCommand.run(TOOL_TIMEOUT, "stat", "-c", "%b", file.toString())
                .requireSuccess().stdout().strip());
    }
}
