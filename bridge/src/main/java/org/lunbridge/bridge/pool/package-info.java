/**
 * The sessions behind one export: {@link org.lunbridge.bridge.pool.ScsiPath} is the narrow interface the bridge
 * needs from an iSCSI session (execute a CDB with its data buffer, health, queue depth),
 * {@link org.lunbridge.bridge.pool.LunSessionPath} adapts the session package's {@code LunSession} to it, and
 * {@link org.lunbridge.bridge.pool.SessionPool} dispatches commands to the least-loaded healthy session with
 * bounded queues (callers block when all are full). {@link org.lunbridge.bridge.pool.SlotAllocator} keeps ISIDs
 * distinct per target (RFC 7143 §6.3.5: a reused ISID reinstates, i.e. kills, the other session).
 */
package org.lunbridge.bridge.pool;
