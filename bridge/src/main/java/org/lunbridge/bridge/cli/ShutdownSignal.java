package org.lunbridge.bridge.cli;

import java.util.concurrent.CountDownLatch;

/**
 * Waits for the process to be told to stop. SIGTERM and SIGINT are caught (not left to the JVM's shutdown sequence,
 * which would exit 143/130) so that {@code serve} can close its server gracefully and exit 0; a shutdown hook remains
 * for other signals.
 */
interface ShutdownSignal {

    /** Starts catching the stop request; called before the "serving" line, so no signal slips in between. */
    default void arm() {}

    /** Blocks until a stop is requested. */
    void await() throws InterruptedException;

    static ShutdownSignal forProcess() {
        CountDownLatch stop = new CountDownLatch(1);
        return new ShutdownSignal() {
            @Override
            public void arm() {
                for (String name : new String[] {"TERM", "INT"}) {
                    try {
                        // sun.misc.Signal (module jdk.unsupported) is the only JDK API that replaces the default
                        // handler.
                        sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> stop.countDown());
                    } catch (IllegalArgumentException e) {
                        // Reserved by the VM or OS (e.g. -Xrs): the shutdown hook still closes the server then.
                    }
                }
            }

            @Override
            public void await() throws InterruptedException {
                stop.await();
            }
        };
    }
}
