package org.lunbridge.iscsi.session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.lunbridge.iscsi.pdu.IscsiConstants;

/**
 * ITT allocation and the tasks that hold one (RFC 7143 §11.2.1.8: the ITT is unique per session among outstanding
 * tasks; 0xffffffff is reserved). ITTs are handed out round-robin so a just-freed tag is not reused at once, which
 * keeps a late response for a dead task from matching a new one. Not thread-safe; guarded by the session lock.
 */
final class TaskTable {

    private final Map<Integer, Object> byItt = new HashMap<>();
    private int nextItt;

    TaskTable(int firstItt) {
        this.nextItt = firstItt;
    }

    /** Allocates a free ITT for {@code owner} (a task, a TMF, a NOP ping, ...). */
    int allocate(Object owner) {
        while (true) {
            int itt = nextItt++;
            if (itt == IscsiConstants.RESERVED_TAG || byItt.containsKey(itt)) {
                continue;
            }
            byItt.put(itt, owner);
            return itt;
        }
    }

    Object get(int itt) {
        return byItt.get(itt);
    }

    /** Frees {@code itt} if it still belongs to {@code owner}. */
    boolean release(int itt, Object owner) {
        return byItt.remove(itt, owner);
    }

    int size() {
        return byItt.size();
    }

    /** The SCSI tasks currently holding a tag, in no particular order. */
    List<ScsiTask> scsiTasks() {
        List<ScsiTask> tasks = new ArrayList<>();
        for (Object o : byItt.values()) {
            if (o instanceof ScsiTask t) {
                tasks.add(t);
            }
        }
        return tasks;
    }

    /** Removes everything; returns what was held. */
    List<Object> clear() {
        List<Object> all = new ArrayList<>(byItt.values());
        byItt.clear();
        return all;
    }
}
