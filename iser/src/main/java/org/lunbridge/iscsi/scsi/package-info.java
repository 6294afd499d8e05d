/**
 * SCSI for lunbridge's initiator, independent of iSCSI: CDB builders, parsers of the data and sense a device
 * returns, and planners that split large requests within a device's limits. Pure: byte arrays and
 * {@link java.nio.ByteBuffer}s in, records out; no I/O, clocks or logging.
 *
 * <p>How the layers use it: the session sends a {@link org.lunbridge.iscsi.scsi.Cdb} (its direction and
 * transfer length fill the SCSI Command PDU), hands back the Data-In bytes to a parser, and turns a non-GOOD
 * status into {@link org.lunbridge.iscsi.scsi.ScsiStatusException#of}. The bridge reads INQUIRY, the VPD pages,
 * READ CAPACITY(16) and MODE SENSE once, builds a {@link org.lunbridge.iscsi.scsi.LogicalUnitProfile}, and maps
 * NBD requests through {@link org.lunbridge.iscsi.scsi.LogicalBlockGeometry},
 * {@link org.lunbridge.iscsi.scsi.BlockCommands}, {@link org.lunbridge.iscsi.scsi.UnmapPlanner} and
 * {@link org.lunbridge.iscsi.scsi.WriteSamePlanner}.
 *
 * <p>Standards: SAM-5 (status, LUNs), SPC-4 (INQUIRY, VPD, MODE SENSE, REPORT LUNS, sense data), SBC-4 (block
 * commands, Block Limits / Block Device Characteristics / Logical Block Provisioning pages). Clauses are cited by
 * title where their numbers moved between revisions. Real tgt 1.0.85 responses, cross-checked against libiscsi's
 * tools, are in the tests' {@code tgt-responses.txt}.
 */
package org.lunbridge.iscsi.scsi;
