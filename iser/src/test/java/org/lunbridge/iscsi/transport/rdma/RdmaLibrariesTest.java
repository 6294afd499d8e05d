package org.lunbridge.iscsi.transport.rdma;

import static org.junit.jupiter.api.Assertions.*;

import com.kenai.jffi.Library;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The real rdma-core on this machine: both libraries load by SONAME and every bound symbol resolves. This host
 * has no RDMA device, so device enumeration must answer 0 and {@code --transport auto} must fall back to TCP.
 */
class RdmaLibrariesTest {
    private static final List<String> IBVERBS_SYMBOLS = List.of("ibv_get_device_list", "ibv_free_device_list",
            "ibv_alloc_pd", "ibv_dealloc_pd", "ibv_create_comp_channel", "ibv_destroy_comp_channel", "ibv_create_cq",
            "ibv_destroy_cq", "ibv_get_cq_event", "ibv_ack_cq_events", "ibv_reg_mr", "ibv_dereg_mr");
    private static final List<String> RDMACM_SYMBOLS = List.of("rdma_create_event_channel",
            "rdma_destroy_event_channel", "rdma_create_id", "rdma_destroy_id", "rdma_resolve_addr",
            "rdma_resolve_route", "rdma_create_qp", "rdma_destroy_qp", "rdma_connect", "rdma_disconnect",
            "rdma_get_cm_event", "rdma_ack_cm_event");

    @Test
    void givenRdmaCore_whenLoadedBySoname_thenEveryBoundSymbolResolves() {
        RdmaLibraries.load();
        assertSymbols(RdmaLibraries.LIBIBVERBS, IBVERBS_SYMBOLS);
        assertSymbols(RdmaLibraries.LIBRDMACM, RDMACM_SYMBOLS);
    }

    @Test
    void givenNoRdmaDevice_whenEnumerated_thenZeroAndAutoChoosesTcp() {
        boolean hasDevice = Files.isDirectory(Path.of("/sys/class/infiniband"))
                && Path.of("/sys/class/infiniband").toFile().list().length > 0;
        int devices = JnrVerbs.create().deviceCount();
        if (hasDevice) {
            assertTrue(devices > 0, "sysfs lists RDMA devices but ibv_get_device_list found none");
            return;
        }
        assertEquals(0, devices);
        RdmaAvailability.Decision decision = RdmaAvailability.check(new InetSocketAddress("127.0.0.1", 3260), 500);
        assertEquals(new RdmaAvailability.Decision("tcp", "no RDMA device (ibv_get_device_list returned 0 devices)"),
                decision);
    }

    @Test
    void givenNoRdmaSubsystem_whenCreatingEventChannel_thenTypedErrnoNotCrash() {
        JnrVerbs verbs = JnrVerbs.create();
        if (verbs.deviceCount() > 0) {
            return;
        }
        RdmaException e = assertThrows(RdmaException.class, verbs::createEventChannel);
        assertTrue(e.errno() > 0, "errno " + e.errno());
        assertTrue(e.getMessage().startsWith("rdma_create_event_channel failed: errno "), e.getMessage());
    }

    private static void assertSymbols(String soname, List<String> symbols) {
        Library library = Library.getCachedInstance(soname, Library.LAZY | Library.LOCAL);
        assertNotNull(library, soname + ": " + Library.getLastError());
        for (String symbol : symbols) {
            assertNotEquals(0L, library.getSymbolAddress(symbol), soname + " lacks " + symbol);
        }
    }
}
