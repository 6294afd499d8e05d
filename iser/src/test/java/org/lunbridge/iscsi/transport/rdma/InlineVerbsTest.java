package org.lunbridge.iscsi.transport.rdma;

import static org.junit.jupiter.api.Assertions.*;
import static org.lunbridge.iscsi.transport.rdma.VerbsConstants.*;
import static org.lunbridge.iscsi.transport.rdma.VerbsLayout.*;

import com.kenai.jffi.MemoryIO;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import org.lunbridge.iscsi.transport.rdma.Verbs.Sge;
import org.lunbridge.iscsi.transport.rdma.Verbs.WorkCompletion;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data path of {@link JnrVerbs} (WR/SGE/WC layouts + jffi calls through {@code context->ops}) against a
 * fake provider compiled from {@code mock-provider.c} with the real verbs.h: the C side reads what Java wrote
 * through the header's structs. Needs gcc and libibverbs-dev (fails under CI=true without them).
 */
class InlineVerbsTest {
    /** The fake provider's exports. */
    public interface MockProvider {
        void mock_install(Pointer context);

        String mock_last();
    }

    @TempDir
    Path dir;

    private MockProvider mock;
    private final JnrVerbs verbs = JnrVerbs.create();
    private final jnr.ffi.Runtime runtime = RdmaLibraries.runtime();
    private final MemoryIO io = MemoryIO.getInstance();
    private Pointer context;
    private Pointer qp;
    private Pointer cq;

    @BeforeEach
    void installMockProvider() throws Exception {
        Path source = dir.resolve("mock-provider.c");
        try (InputStream in = InlineVerbsTest.class.getResourceAsStream("mock-provider.c")) {
            Files.copy(in, source);
        }
        Path library = dir.resolve("libmockprov.so");
        compile(source, library);
        mock = LibraryLoader.create(MockProvider.class).load(library.toString());
        context = Memory.allocateDirect(runtime, 1024, true);
        qp = Memory.allocateDirect(runtime, 256, true);
        cq = Memory.allocateDirect(runtime, 256, true);
        mock.mock_install(context);
        io.putAddress(qp.address() + IBV_QP_CONTEXT, context.address());
        io.putInt(qp.address() + IBV_QP_QP_NUM, 0x1234);
        io.putAddress(cq.address() + IBV_CQ_CONTEXT, context.address());
        io.putInt(cq.address() + IBV_CQ_CQE, 77);
    }

    @Test
    void givenTwoSges_whenPostSend_thenProviderSeesSignaledSendWithBoth() {
        int rc = verbs.postSend(qp.address(), 42,
                List.of(new Sge(0x7f0000001000L, 76, 0x11), new Sge(0x7f0000002000L, 4096, 0x22)));
        assertEquals(0, rc);
        assertEquals("send qp_num=4660 wr_id=42 opcode=" + IBV_WR_SEND + " flags=" + IBV_SEND_SIGNALED
                + " num_sge=2 next=(nil) sge0=7f0000001000/76/11 sge1=7f0000002000/4096/22", mock.mock_last());
    }

    @Test
    void givenOneSge_whenPostRecv_thenProviderSeesIt() {
        assertEquals(0, verbs.postRecv(qp.address(), 7, new Sge(0x7f0000003000L, 8268, 0x33)));
        assertEquals("recv qp_num=4660 wr_id=7 num_sge=1 sge0=7f0000003000/8268/33", mock.mock_last());
    }

    @Test
    void givenProviderCompletions_whenPolled_thenFieldsDecodedFromTheWcArray() {
        List<WorkCompletion> out = new ArrayList<>();
        assertEquals(2, verbs.pollCq(cq.address(), 16, out));
        assertEquals("poll cqe=77 n=16", mock.mock_last());
        assertEquals(List.of(new WorkCompletion(1000, IBV_WC_SUCCESS, IBV_WC_RECV, 76, 0),
                new WorkCompletion(1001, IBV_WC_WR_FLUSH_ERR, IBV_WC_SEND, 77, 0xd7)), out);
    }

    @Test
    void givenCq_whenNotifyRequested_thenAllCompletionsNotSolicitedOnly() {
        assertEquals(0, verbs.reqNotifyCq(cq.address()));
        assertEquals("notify cqe=77 solicited=0", mock.mock_last());
    }

    private static void compile(Path source, Path library) throws IOException, InterruptedException {
        Process gcc;
        try {
            gcc = new ProcessBuilder("gcc", "-Wall", "-shared", "-fPIC", "-o", library.toString(), source.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            VerbsLayoutTest.unavailable("gcc not found (" + e.getMessage() + ")");
            return;
        }
        String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(gcc.waitFor(60, TimeUnit.SECONDS), "gcc timed out");
        if (gcc.exitValue() != 0 && output.contains("No such file or directory")) {
            VerbsLayoutTest.unavailable("rdma-core headers missing (apt-get install libibverbs-dev): " + output);
        }
        assertEquals(0, gcc.exitValue(), output);
    }
}
