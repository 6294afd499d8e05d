PORT=$(cat port); CN=$(cat cn)
(tgtd -f --iscsi portal=127.0.0.1:$PORT -C $CN > tgtd.log 2>&1 & echo $! > tgtd.pid)
for i in 1 2 3 4 5 6 7 8 9 10; do tgtadm -C $CN --mode sys --op show >/dev/null 2>&1 && break; sleep 0.3; done
tgtadm -C $CN --lld iscsi --mode target --op new --tid 1 --targetname iqn.2026-01.org.lunbridge:scsi
tgtadm -C $CN --lld iscsi --mode logicalunit --op new --tid 1 --lun 1 --backing-store /tmp/scsicap/lun1.img
tgtadm -C $CN --lld iscsi --mode logicalunit --op update --tid 1 --lun 1 --params thin_provisioning=1
tgtadm -C $CN --lld iscsi --mode logicalunit --op new --tid 1 --lun 2 --backing-store /tmp/scsicap/lun2.img --blocksize 4096
tgtadm -C $CN --lld iscsi --mode target --op bind --tid 1 --initiator-address ALL
