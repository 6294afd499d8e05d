package org.lunbridge.bridge.pool;

import java.io.IOException;

/**
 * Opens the path of one pool slot. The pool keeps the factory so a lost slot can be re-opened with the same slot
 * number (same ISID: session reinstatement makes the target end the old session's tasks, RFC 7143 §6.3.5).
 */
@FunctionalInterface
public interface PathFactory {
    ScsiPath open(int slot) throws IOException;
}
