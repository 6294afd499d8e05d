package org.lunbridge.bridge.cli;

import java.util.concurrent.CountDownLatch;

/**
 * Waits for the process to be told to stop. SIGTERM and SIGINT are caught (not left to the JVM's shutdown sequence,
 * which would exit 143/130) so that {@code serve} can close its server gracefully and exit 0; a shutdown hook remains
 * for other signals and counts the latch down too.
 */
interface ShutdownSignal {

    /** Blocks until a stop is requested. */
    void await() throws InterruptedException;

    static ShutdownSignal forProcess() {
        return () -> {
            CountDownLatch stop = new CountDownLatch(1);
            for (String name : new String[] {"TERM", "INT"}) {
                try {
                    // sun.misc.Signal (module jdk.unsupported) is the only JDK API that replaces the default handler.
                    sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> stop.countDown());
                } catch (IllegalArgumentException e) {
                    // The VM or OS reserves it (e.g. -Xrs): the shutdown hook still closes the server on that signal.
                }
            }
            stop.await();
        };
    }
}
