/**
 * iSCSI PDUs (RFC 7143 §11) as records, and a pure codec for both directions: bytes in, records out, and back.
 * No sockets, clocks or logging.
 *
 * <ul>
 *   <li>{@link org.lunbridge.iscsi.pdu.IscsiConstants}: every numeric value of a BHS, named as the spec names it.
 *   <li>{@link org.lunbridge.iscsi.pdu.InitiatorPdu} / {@link org.lunbridge.iscsi.pdu.TargetPdu}: sealed record
 *       families, validated in their constructors; data segments are read-only views, never copies.
 *   <li>{@link org.lunbridge.iscsi.pdu.PduEncoder}: record → {@link org.lunbridge.iscsi.pdu.EncodedPdu} (header
 *       buffer + uncopied data) for a gathering write.
 *   <li>{@link org.lunbridge.iscsi.pdu.PduDecoder}: framed header + data → record, or
 *       {@link org.lunbridge.iscsi.pdu.PduFormatException}.
 *   <li>{@link org.lunbridge.iscsi.pdu.PduFraming}, {@link org.lunbridge.iscsi.pdu.Digests}: what a transport
 *       needs to cut a byte stream into PDUs and check CRC32C digests (little-endian on the wire).
 *   <li>{@link org.lunbridge.iscsi.pdu.SerialNumbers}: RFC 1982 comparison for CmdSN, StatSN, DataSN, R2TSN.
 * </ul>
 */
package org.lunbridge.iscsi.pdu;
