#!/usr/bin/env bash
# Re-creates the iSCSI capture fixtures of this directory (read by PduCaptureTest; tshark is NOT needed at test
# time). A real target (tgtd, 127.0.0.1, random port) is driven by a real initiator (qemu's libiscsi via
# qemu-img/qemu-io) while tshark records loopback; each TCP stream is then split into PDUs, one per line:
#   I HD <hex>   a PDU sent by the initiator, exactly as on the wire (header, digests, data, padding);
#                HD says which digests it carries: H = HeaderDigest, D = DataDigest, - = none
#   T HD <hex>   a PDU sent by the target
#   # ...     comments: session description, negotiated digests, PDUs dropped to keep the file small
# Each file holds every PDU of one connection, gzipped (bulk data is a repeated pattern: it compresses to little).
#
# Needs root (tshark on lo, tgtd), tgtd/tgtadm, qemu-img/qemu-io built with libiscsi, tshark, python3.
# Usage: capture.sh [output-dir]    (default: the directory of this script)
set -euo pipefail

OUT=$(cd "${1:-$(dirname "$0")}" && pwd)
WORK=$(mktemp -d /tmp/lunbridge-capture.XXXXXX)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PORT=$(free_port)
# The control port (tgtd accepts < 32768) names the socket /var/run/tgtd/socket.N: pick one no other tgtd
# (parallel tests) is using.
CTL=$(( 20000 + RANDOM % 12000 ))
while [[ -e /var/run/tgtd/socket.$CTL ]]; do CTL=$(( 20000 + RANDOM % 12000 )); done
IQN=iqn.2026-11.org.lunbridge:capture
IQN_CHAP=iqn.2026-11.org.lunbridge:capture-chap
TGTD_PID= TSHARK_PID=

# tgtd ignores SIGTERM while it has targets; it must never outlive this script.
stop_tgtd() {
    [[ -n $TGTD_PID ]] || return 0
    kill -9 "$TGTD_PID" 2>/dev/null || true
    wait "$TGTD_PID" 2>/dev/null || true
    TGTD_PID=
}
cleanup() {
    stop_tgtd
    [[ -n $TSHARK_PID ]] && { kill "$TSHARK_PID" 2>/dev/null || true; wait "$TSHARK_PID" 2>/dev/null || true; }
    if [[ -n ${KEEP_WORK:-} ]]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

tadm() { tgtadm -C "$CTL" --lld iscsi "$@"; }

truncate -s 16M "$WORK/lun1.img"

tshark -q -i lo -B 64 -s 0 -f "tcp port $PORT" -w "$WORK/cap.pcapng" 2>"$WORK/tshark.log" &
TSHARK_PID=$!
for _ in $(seq 100); do grep -q "Capturing on" "$WORK/tshark.log" && break; sleep 0.1; done

tgtd -f --iscsi "portal=127.0.0.1:$PORT" -C "$CTL" >"$WORK/tgtd.log" 2>&1 &
TGTD_PID=$!
for _ in $(seq 100); do tadm --op show --mode target >/dev/null 2>&1 && break; sleep 0.1; done
# Never configure somebody else's tgtd: ours must be alive and own the control socket.
kill -0 "$TGTD_PID" || { cat "$WORK/tgtd.log" >&2; echo "tgtd did not start" >&2; exit 1; }

# Target 1: no authentication, header digest allowed. Target 2: one-way CHAP.
tadm --op new --mode target --tid 1 -T "$IQN"
tadm --op new --mode logicalunit --tid 1 --lun 1 -b "$WORK/lun1.img"
tadm --op bind --mode target --tid 1 -I ALL
tadm --op update --mode target --tid 1 --name HeaderDigest --value CRC32C,None
tadm --op new --mode target --tid 2 -T "$IQN_CHAP"
tadm --op new --mode logicalunit --tid 2 --lun 1 -b "$WORK/lun1.img"
tadm --op bind --mode target --tid 2 -I ALL
tgtadm -C "$CTL" --lld iscsi --op new --mode account --user lunuser --password lunsecret12
tgtadm -C "$CTL" --lld iscsi --op bind --mode account --tid 2 --user lunuser

URL="iscsi://127.0.0.1:$PORT/$IQN/1"
# Session 0: login (security + operational), TEST UNIT READY, INQUIRY, READ CAPACITY, small reads.
qemu-img info "$URL" >"$WORK/s0.log"
# Session 1: 1 MiB write (immediate data, R2T, Data-Out) and read back (256 KiB Data-In PDUs, the last with
# status), then a 12 KiB read.
qemu-io -f raw -c 'write -P 0xab 0 1M' -c 'read -P 0xab 0 1M' -c 'read -P 0xab 4k 12k' "$URL" >"$WORK/s1.log"
# Session 2: a 4 KiB write, then idle past qemu's 5 s NOP interval (NOP-Out / NOP-In), then a read.
qemu-io -f raw -c 'write -P 0x5a 1M 4k' -c 'sleep 5500' -c 'read -P 0x5a 1M 4k' "$URL" >"$WORK/s2.log"
# Session 3: HeaderDigest=CRC32C.
qemu-io --image-opts -c 'read -P 0xab 0 4k' \
    "driver=iscsi,transport=tcp,portal=127.0.0.1:$PORT,target=$IQN,lun=1,header-digest=crc32c" >"$WORK/s3.log"
# Session 4: CHAP (security negotiation with CHAP_A/CHAP_I/CHAP_C/CHAP_N/CHAP_R).
qemu-img info "iscsi://lunuser%lunsecret12@127.0.0.1:$PORT/$IQN_CHAP/1" >"$WORK/s4.log"
# Session 5: login to a target that does not exist (Login Response status class 2, detail 3).
qemu-img info "iscsi://127.0.0.1:$PORT/iqn.2026-11.org.lunbridge:no-such-target/1" >"$WORK/s5.log" 2>&1 || true

sleep 0.5   # let the last FIN/ACK reach the capture
stop_tgtd
kill -INT "$TSHARK_PID"; wait "$TSHARK_PID" || true
TSHARK_PID=

NAMES=(login-inquiry-readcapacity write-r2t-dataout-read-datain nop-idle header-digest-crc32c chap-login
       login-target-not-found)
streams=$(tshark -r "$WORK/cap.pcapng" -T fields -e tcp.stream 2>/dev/null | sort -nu)
i=0
for s in $streams; do
    name=${NAMES[$i]:-extra-$i}
    tshark -r "$WORK/cap.pcapng" -q -z "follow,tcp,raw,$s" 2>/dev/null >"$WORK/stream$s.follow"
    python3 "$(dirname "$0")/split_pdus.py" "$WORK/stream$s.follow" "$name" >"$WORK/$name.pdus"
    gzip -9n <"$WORK/$name.pdus" >"$OUT/$name.pdus.gz"
    echo "wrote $OUT/$name.pdus.gz ($(grep -c '^[IT] ' "$WORK/$name.pdus") PDUs)"
    i=$((i + 1))
done
