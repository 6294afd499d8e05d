#!/bin/sh
# Lab test "boot", guest side: the kernel pieces the bridge needs exist and work in this guest:
# nbd (kernel NBD client), rdma_rxe (Soft-RoCE: rxe0 on eth0), ib_iser (kernel iSER initiator), and a Java >= 21
# (the host's JDK over 9p) for running lunbridge inside the guest; and the network rule.
. ./lib.sh
host_port=${1:?usage: boot.sh HOST_PORT_OF_LUNBRIDGE}
echo "kernel $(uname -r), $(nproc) vCPUs, $(awk '/MemTotal/ {print int($2 / 1024)}' /proc/meminfo) MiB, uptime $(cut -d' ' -f1 /proc/uptime) s"
ip -br addr

# Network rule (qemu user net, restrict=on). The host runs a lunbridge on 127.0.0.1:$host_port: the guest reaches
# it through the forward (it greets with NBDMAGIC), but not as 10.0.2.2:$host_port, slirp's alias for the host's
# loopback, which restrict=on closes. No default route either.
step no-default-route sh -c '! ip route | grep -q "^default"'
step forward-reaches-lunbridge output_has '^NBDMAGIC$' timeout 60 bash -c \
    "exec 3<>/dev/tcp/$LAB_HOST/$LAB_NBD_PORT && head -c 8 <&3 && echo"
step host-loopback-unreachable sh -c "! timeout 10 bash -c ': </dev/tcp/10.0.2.2/$host_port' 2>/dev/null"

must modprobe-nbd modprobe nbd nbds_max=4
step nbd0-exists test -b /dev/nbd0

setup_rxe || FAILED=1
step rxe0-in-sysfs test -d /sys/class/infiniband/rxe0
step ibv_devices-lists-rxe0 output_has rxe0 ibv_devices
step rxe0-port-active output_has 'state:.*PORT_ACTIVE' ibv_devinfo -d rxe0
step modprobe-ib_iser modprobe ib_iser

for tool in nbd-client fio mkfs.ext4 tgtd tgtadm iscsi-inq qemu-img qemu-nbd rping; do
    step "have-$tool" command -v "$tool"
done

step java-version java -version
major=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1)
if [ "${major:-0}" -ge 21 ]; then echo "ok   java feature version $major >= 21"; else echo "FAIL java feature version '${major}' < 21"; FAILED=1; fi
finish
