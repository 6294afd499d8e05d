package org.lunbridge.iscsi.session;

/** Session events for the layer above (recovery, metrics). Called outside session locks, at most once for loss. */
public interface SessionListener {

    /** The connection is gone; every outstanding task already failed with {@code cause}. Called once. */
    default void connectionLost(ConnectionLostException cause) {
    }

    /** An Async Message from the target (RFC 7143 §11.9). */
    default void asyncEvent(AsyncEvent event) {
    }
}
