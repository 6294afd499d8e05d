package org.lunbridge.bridge.recovery;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lunbridge.iscsi.client.IscsiUrl;

class PortalFailoverTest {

    final IscsiUrl a = IscsiUrl.parse("iscsi://127.0.0.1:3260/iqn.2026-01.t:x/1");
    final IscsiUrl b = a.withPortal("127.0.0.2", 3261);
    final Set<String> down = new HashSet<>();
    final List<String> tried = new ArrayList<>();

    PortalFailover failover() {
        return new PortalFailover(List.of(a, b), (url, slot) -> {
            String where = url.host() + ":" + url.port() + "/" + slot;
            tried.add(where);
            if (down.contains(url.host())) {
                throw new IOException(url.host() + " refused");
            }
            return new ScriptedPath(new ScriptedPath.Disk(), slot);
        });
    }

    @Test
    void givenFirstPortalDown_whenOpened_thenSecondUsedWithSameSlotAndPreferredAfterwards() throws Exception {
        PortalFailover f = failover();
        down.add("127.0.0.1");
        assertEquals(3, f.open(3).slot());
        assertEquals(List.of("127.0.0.1:3260/3", "127.0.0.2:3261/3"), tried);
        down.clear();
        tried.clear();
        f.open(3);
        assertEquals(List.of("127.0.0.2:3261/3"), tried, "the portal that worked last is tried first");
    }

    @Test
    void givenAllPortalsDown_whenOpened_thenFirstFailureWithTheOthersSuppressed() {
        PortalFailover f = failover();
        down.add("127.0.0.1");
        down.add("127.0.0.2");
        IOException e = assertThrows(IOException.class, () -> f.open(0));
        assertEquals("127.0.0.1 refused", e.getMessage());
        assertEquals(1, e.getSuppressed().length);
    }

    @Test
    void givenUrl_whenPortalChanged_thenTargetLunAndCredentialsKept() {
        IscsiUrl withUser = IscsiUrl.parse("iscsi://u%pw@127.0.0.1:3260/iqn.2026-01.t:x/4").withPortal("::1", 3262);
        assertEquals("::1", withUser.host());
        assertEquals(3262, withUser.port());
        assertEquals("iqn.2026-01.t:x", withUser.targetName().orElseThrow());
        assertEquals(4, withUser.lun().orElseThrow());
        assertEquals("u", withUser.user().orElseThrow());
        assertArrayEquals("pw".getBytes(), withUser.secret().orElseThrow());
    }
}
