package org.lunbridge.bridge.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lunbridge.iscsi.testing.LunSpec;
import org.lunbridge.iscsi.testing.TgtdLogOnFailure;
import org.lunbridge.iscsi.testing.TgtdTarget;

/**
 * fio's NBD engine writes random blocks with CRC32C checksums through lunbridge to a tgtd LUN and reads them back:
 * block sizes across the split boundary (8 MiB spans several SCSI commands when the target limits transfers),
 * queue depths 1 and 32, one and four connections (each job its own connection and region).
 */
@ExtendWith(TgtdLogOnFailure.class)
class FioVerifyIT {
    static final String IQN = "iqn.2026-01.org.lunbridge:fio-it";
    static TgtdTarget tgtd;
    static Bridge bridge;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        tgtd = TgtdTarget.builder().target(IQN, t -> t.allowAll().lun(LunSpec.of(1, 256L << 20))).start();
        bridge = Bridge.serve("fio", tgtd.iscsiUrl(IQN, 1));
    }

    @AfterAll
    static void stop() throws Exception {
        if (bridge != null) {
            bridge.close();
        }
        if (tgtd != null) {
            tgtd.close();
        }
    }

    @ParameterizedTest(name = "bs={0} iodepth={1} connections={2}")
    @CsvSource({
            "4k, 1, 1, 2M", "4k, 32, 1, 4M", "4k, 1, 4, 1M", "4k, 32, 4, 4M",
            "64k, 1, 1, 8M", "64k, 32, 1, 16M", "64k, 1, 4, 4M", "64k, 32, 4, 8M",
            "1M, 1, 1, 16M", "1M, 32, 1, 32M", "1M, 1, 4, 8M", "1M, 32, 4, 16M",
            "8M, 1, 1, 32M", "8M, 32, 1, 64M", "8M, 1, 4, 16M", "8M, 32, 4, 32M",
    })
    void givenRandomWrites_whenVerified_thenEveryBlockReadsBack(String bs, int depth, int jobs, String size) {
        // Each job (= NBD connection) owns a disjoint region so verification is well defined.
        Tools.Result r = Tools.run(Duration.ofSeconds(120), dir, "fio", "--name=verify", "--ioengine=nbd",
                "--uri=" + bridge.uri("fio"), "--rw=randwrite", "--bs=" + bs, "--iodepth=" + depth,
                "--numjobs=" + jobs, "--size=" + size, "--offset_increment=" + size, "--verify=crc32c",
                "--verify_fatal=1", "--do_verify=1", "--group_reporting", "--output-format=normal");
        r.ok();
        assertTrue(r.stdout().contains("err= 0"), r.stdout());
        assertTrue(!r.output().contains("verify: bad"), r.output());
    }
}
