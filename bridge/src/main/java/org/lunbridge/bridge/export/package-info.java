/**
 * An iSCSI LUN as an NBD export. {@link org.lunbridge.bridge.export.LunBlockDevice} implements the NBD server's
 * {@code BlockDevice} SPI over a {@link org.lunbridge.bridge.pool.SessionPool}: requests split to the target's
 * MAXIMUM TRANSFER LENGTH, FLUSH ordered after writes, FUA, UNMAP, WRITE SAME, GET LBA STATUS and PRE-FETCH as
 * the LUN supports them (docs/ARCHITECTURE.md, "The bridge"). {@link org.lunbridge.bridge.export.ScsiErrors} is the
 * single status/sense to NBD error mapping; {@link org.lunbridge.bridge.export.IscsiBackends} plugs the
 * {@code iscsi:} scheme into the server's backend registry.
 */
package org.lunbridge.bridge.export;
