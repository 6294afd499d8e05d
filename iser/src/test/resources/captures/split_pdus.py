#!/usr/bin/env python3
"""Splits one `tshark -q -z follow,tcp,raw,N` dump of an iSCSI connection into PDUs (see capture.sh).

Framing (RFC 7143 §11.1): BHS 48 bytes, AHS TotalAHSLength*4, HeaderDigest, data padded to 4, DataDigest.
Digests apply in Full Feature Phase only: for the initiator after its Login Request with T=1 NSG=3, for the target
after its Login Response with T=1 NSG=3; the negotiated values are the target's HeaderDigest=/DataDigest= keys.
Every PDU of the connection is kept (capture.sh gzips the result; bulk data compresses to almost nothing).
"""
import sys


class Direction:
    def __init__(self, tag):
        self.tag = tag
        self.buf = bytearray()
        self.ffp = False


def pdus(direction, negotiated):
    """Yields complete PDUs available in direction.buf."""
    while len(direction.buf) >= 48:
        bhs = direction.buf[:48]
        ahs = bhs[4] * 4
        dsl = int.from_bytes(bhs[5:8], "big")
        hd = 4 if direction.ffp and negotiated["HeaderDigest"] == "CRC32C" else 0
        dd = 4 if direction.ffp and negotiated["DataDigest"] == "CRC32C" and dsl > 0 else 0
        total = 48 + ahs + hd + ((dsl + 3) & ~3) + dd
        if len(direction.buf) < total:
            return
        pdu = bytes(direction.buf[:total])
        del direction.buf[:total]
        opcode = pdu[0] & 0x3F
        transit_to_ffp = (pdu[1] & 0x80) and (pdu[1] & 0x03) == 3
        if opcode == 0x23:
            text = pdu[48 + ahs + hd:48 + ahs + hd + dsl].decode("ascii", "replace")
            for kv in text.split("\0"):
                key, _, value = kv.partition("=")
                if key in negotiated:
                    negotiated[key] = value
        yield pdu, hd, dd
        if (opcode == 0x03 and transit_to_ffp) or (opcode == 0x23 and transit_to_ffp and pdu[36] == 0):
            direction.ffp = True


def main():
    path, name = sys.argv[1], sys.argv[2]
    chunks = []
    with open(path) as f:
        started = False
        for line in f:
            if line.startswith("Node 1:"):
                started = True
                continue
            if not started or line.startswith("====") or not line.strip():
                continue
            chunks.append(("T" if line.startswith("\t") else "I", bytes.fromhex(line.strip())))
    negotiated = {"HeaderDigest": "None", "DataDigest": "None"}
    dirs = {"I": Direction("I"), "T": Direction("T")}
    out = []
    for tag, data in chunks:
        d = dirs[tag]
        d.buf += data
        for pdu, hd, dd in pdus(d, negotiated):
            out.append(f"{tag} {'H' if hd else '-'}{'D' if dd else '-'} {pdu.hex()}")
    leftover = {t: len(d.buf) for t, d in dirs.items() if d.buf}
    if leftover:
        sys.exit(f"{path}: incomplete PDU at end of stream: {leftover}")
    print(f"# {name}: tgtd 1.0.85 target, qemu 7.2 libiscsi initiator, 127.0.0.1; made by capture.sh")
    print(f"# HeaderDigest={negotiated['HeaderDigest']} DataDigest={negotiated['DataDigest']}")
    print("\n".join(out))


if __name__ == "__main__":
    main()
