#!/bin/sh
# Lab test "boot", guest side: the kernel pieces the bridge needs exist and work in this guest:
# nbd (kernel NBD client), rdma_rxe (Soft-RoCE: rxe0 on eth0), ib_iser (kernel iSER initiator), and a Java >= 21
# (the host's JDK over 9p) for running lunbridge inside the guest.
. ./lib.sh
echo "kernel $(uname -r), $(nproc) vCPUs, $(awk '/MemTotal/ {print int($2 / 1024)}' /proc/meminfo) MiB, uptime $(cut -d' ' -f1 /proc/uptime) s"
ip -br addr

must modprobe-nbd modprobe nbd nbds_max=4
step nbd0-exists test -b /dev/nbd0

setup_rxe || FAILED=1
step rxe0-in-sysfs test -d /sys/class/infiniband/rxe0
step ibv_devices-lists-rxe0 sh -c 'ibv_devices | tee /dev/stderr | grep -qw rxe0'
step rxe0-port-active sh -c 'ibv_devinfo -d rxe0 | tee /dev/stderr | grep -q "state:.*PORT_ACTIVE"'
step modprobe-ib_iser modprobe ib_iser

for tool in nbd-client fio mkfs.ext4 tgtd tgtadm iscsi-inq qemu-img qemu-nbd rping; do
    step "have-$tool" command -v "$tool"
done

step java-version java -version
major=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1)
if [ "${major:-0}" -ge 21 ]; then echo "ok   java feature version $major >= 21"; else echo "FAIL java feature version '${major}' < 21"; FAILED=1; fi
finish
