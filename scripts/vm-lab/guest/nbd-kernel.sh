#!/bin/sh
# Lab tests "nbd-kernel*", guest side: the kernel NBD client (netlink mode) attaches export "disk" of the
# lunbridge on the host (through the slirp forward), optionally runs a fio write+verify job on the raw device,
# then puts ext4 on it, writes files, records their sha256 in /out/NAME.sha256 for the host to check against
# the image file, and reads them back through a fresh mount.
# Usage: nbd-kernel.sh NAME BLOCK_SIZE CONNECTIONS FIO(0|1) EXPORT_BYTES
. ./lib.sh
name=$1 block_size=$2 connections=$3 run_fio=$4 export_bytes=$5
manifest=/out/$name.sha256
mnt=/mnt/$name

must modprobe-nbd modprobe nbd nbds_max=4
dev=
for d in /dev/nbd0 /dev/nbd1 /dev/nbd2 /dev/nbd3; do
    [ -e "/sys/block/${d#/dev/}/pid" ] || { dev=$d; break; }
done
[ -n "$dev" ] || { echo "FAIL no free nbd device"; exit 1; }
sys=/sys/block/${dev#/dev/}
nbd-client -V 2>&1 | head -1

# nbd-client 3.24 configures the device over netlink by default and exits; -C N opens N connections, which the
# kernel only does when the server advertises NBD_FLAG_CAN_MULTI_CONN.
set -- -N disk -b "$block_size"
[ "$connections" -gt 1 ] && set -- "$@" -C "$connections"
must nbd-client-connect nbd-client "$LAB_HOST" "$LAB_NBD_PORT" "$dev" "$@"

expect size-bytes "$(( $(cat "$sys/size") * 512 ))" "$export_bytes"
expect logical-block-size "$(cat "$sys/queue/logical_block_size")" "$block_size"
# The kernel turns its write cache on (so REQ_PREFLUSH reaches the server as NBD_CMD_FLUSH) only for
# NBD_FLAG_SEND_FLUSH, and sets FUA only for NBD_FLAG_SEND_FUA (drivers/block/nbd.c nbd_set_size/flags).
expect write-cache "$(cat "$sys/queue/write_cache")" "write back"
[ -e "$sys/queue/fua" ] && expect fua "$(cat "$sys/queue/fua")" 1
expect tcp-connections "$(ss -Htn state established dst "$LAB_HOST" | grep -c ":$LAB_NBD_PORT")" "$connections"
ss -tn dst "$LAB_HOST"

if [ "$run_fio" = 1 ]; then
    # Raw device, before mkfs. Job 1: 4 KiB random writes at queue depth 8, then read back and verify.
    # Job 2: 512-byte O_SYNC random writes (FUA on each write) and a final fsync (FLUSH), then verify.
    step fio-randwrite-verify fio --output-format=normal \
        --filename="$dev" --direct=1 --ioengine=libaio --iodepth=8 --rw=randwrite \
        --verify=crc32c --verify_fatal=1 --do_verify=1 --verify_state_save=0 \
        --name=rand-4k --bs=4k --offset=0 --size=4M \
        --name=rand-512-sync --stonewall --bs=512 --offset=8M --size=1M --sync=1 --end_fsync=1
fi

must mkfs-ext4 mkfs.ext4 -q -F -L "$name" "$dev"
mkdir -p "$mnt"
must mount mount "$dev" "$mnt"
echo "written by the lab guest's kernel NBD client ($name, -b $block_size, $connections connection(s))" >"$mnt/hello.txt"
mkdir -p "$mnt/dir/sub"
: >"$mnt/dir/empty"
printf x >"$mnt/dir/one-byte"
head -c 4097 /dev/urandom >"$mnt/dir/sub/4097-bytes"
head -c 100000 /dev/urandom >"$mnt/dir/sub/100000-bytes"
step write-32MiB-random dd if=/dev/urandom of="$mnt/rand.bin" bs=1M count=32 status=none
step sync sync
(cd "$mnt" && find . -type f | sort | xargs sha256sum) >"$manifest.tmp" && mv "$manifest.tmp" "$manifest"
cat "$manifest"
step umount umount "$mnt"

# Read back through a fresh mount: the page cache of the device is dropped, so the data comes from the server.
echo 3 >/proc/sys/vm/drop_caches
step mount-ro mount -o ro "$dev" "$mnt" \
    && step verify-sha256-in-guest sh -c "cd '$mnt' && sha256sum -c --quiet '$manifest'"
umount "$mnt" 2>/dev/null

step nbd-client-disconnect nbd-client -d "$dev"
for _ in 1 2 3 4 5 6 7 8 9 10; do [ -e "$sys/pid" ] || break; sleep 0.5; done
step device-released test ! -e "$sys/pid"
dmesg | grep -i nbd | tail -10
finish
