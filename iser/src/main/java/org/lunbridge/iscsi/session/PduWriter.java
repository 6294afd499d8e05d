package org.lunbridge.iscsi.session;

import java.io.IOException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.lunbridge.iscsi.pdu.InitiatorPdu;

/**
 * The one thread that writes to the transport. Enqueueing never blocks, so the reader thread can answer R2Ts and
 * NOP-Ins without waiting on a socket the target may not drain while it waits for us (deadlock). PDUs leave in
 * enqueue order; the session enqueues under its lock, so commands leave in CmdSN order.
 */
final class PduWriter implements Runnable {

    private static final System.Logger LOG = System.getLogger("org.lunbridge.iscsi.session");
    private static final Object STOP = new Object();

    private final PduTransport transport;
    private final Consumer<IOException> onError;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();

    PduWriter(PduTransport transport, Consumer<IOException> onError) {
        this.transport = transport;
        this.onError = onError;
    }

    void enqueue(InitiatorPdu pdu) {
        queue.add(pdu);
    }

    /** Lets the writer finish what is queued, then end. */
    void stop() {
        queue.add(STOP);
    }

    @Override
    public void run() {
        try {
            while (true) {
                Object next = queue.take();
                if (next == STOP) {
                    return;
                }
                InitiatorPdu pdu = (InitiatorPdu) next;
                LOG.log(System.Logger.Level.DEBUG, "-> {0}", pdu);
                transport.send(pdu);
            }
        } catch (IOException e) {
            onError.accept(e);
        } catch (RuntimeException e) {
            // A PDU the transport refuses (e.g. a segment above the target's limit) is our bug; the connection
            // cannot continue with a hole in the PDU stream.
            onError.accept(new IOException("cannot send: " + e, e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
