package org.lunbridge.iscsi.testing;

import java.util.List;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * JUnit 5 extension: when a test fails, prints the log of every {@link TgtdTarget} started during it (even if
 * already closed), so a failing IT shows what tgtd said. Use {@code @ExtendWith(TgtdLogOnFailure.class)}. Tests
 * running in parallel in one JVM may see each other's logs; that is acceptable for a diagnostic.
 */
public final class TgtdLogOnFailure implements BeforeEachCallback, TestWatcher {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            TgtdLogOnFailure.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put("sequence", TgtdTarget.lastSequence());
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        Long sequence = context.getStore(NAMESPACE).get("sequence", Long.class);
        List<TgtdTarget> started = TgtdTarget.startedAfter(sequence == null ? 0 : sequence);
        for (TgtdTarget tgtd : started) {
            System.err.println("--- " + tgtd + " log, test " + context.getDisplayName() + " failed ---\n"
                    + tgtd.log() + "--- end of tgtd log ---");
        }
    }
}
