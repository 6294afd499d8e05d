#!/bin/sh
# Lab test "iser-transport", guest side: tgtd with an iSER portal on rxe0 and a 64 MiB LUN; lunbridge's IserProbe
# (the host JDK over 9p, jnr-ffi on the guest's libibverbs/librdmacm) runs the whole iSER path against it.
. ./lib.sh
IQN=iqn.2026-11.org.lunbridge.lab:iser-transport
INITIATOR=iqn.2026-11.org.lunbridge.lab:probe
setup_rxe || exit 1
must lun-backing-64MiB dd if=/dev/zero of=/tmp/iser-lun.img bs=1M count=64 status=none
# pool_sz_mb: tgtd's iSER buffer pool is pinned, 1 GiB by default (the guest has 2 GiB). setsid: own process group.
setsid tgtd -f --iser pool_sz_mb=128 >/tmp/tgtd.log 2>&1 &
for i in $(seq 50); do tgtadm --lld iser --op show --mode target >/dev/null 2>&1 && break; sleep 0.2; done
must tgtadm-target tgtadm --lld iser --op new --mode target --tid 1 -T $IQN
must tgtadm-lun tgtadm --lld iser --op new --mode logicalunit --tid 1 --lun 1 -b /tmp/iser-lun.img
must tgtadm-bind-address tgtadm --lld iser --op bind --mode target --tid 1 -I ALL
# tgt 1.0.85: an iSER login also needs an initiator-name ACL (fixed upstream in 1.0.95).
must tgtadm-bind-name tgtadm --lld iser --op bind --mode target --tid 1 -Q $INITIATOR
# tgt answers ImmediateData=No by default; Yes exercises the Send's second SGE (immediate data) as well.
step tgtadm-immediate-data tgtadm --lld iser --op update --mode target --tid 1 -n ImmediateData -v Yes
rdma res show cm_id

CP=/lunbridge/iser/target/classes:/lunbridge/iser/target/test-classes:/lunbridge/iser/target/rdma-lib/*
step iser-probe timeout 300 java --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
    -Djava.io.tmpdir=/tmp -cp "$CP" org.lunbridge.iscsi.transport.rdma.IserProbe \
    $LAB_GUEST_IP 3260 $IQN $INITIATOR /tmp/iser-pattern.bin
step target-holds-pattern sh -c 'dd if=/tmp/iser-lun.img bs=512 skip=16 count=128 status=none | cmp - /tmp/iser-pattern.bin'
echo "--- tgtd log"; tail -20 /tmp/tgtd.log
finish
