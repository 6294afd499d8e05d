# VM lab settings and host-side helpers. Source it; do not run it.
# shellcheck shell=bash
#
# The lab boots one qemu guest (Debian bookworm kernel: nbd, rdma_rxe, ib_iser) under TCG and drives it
# through a command directory on a 9p share (see guest/init). Layout of a run directory
# ($LAB_CACHE/runs/<id>/, mounted read-write in the guest on /out):
#   console.log            the guest's serial console (kernel messages, init's progress)
#   ready                  written by the guest agent once it polls for commands
#   ctl/<id>.cmd|.rc       one command for the guest agent and its exit status
#   <test>.log             host side of a lab test;  <test>.guest.log  its guest side
#   ports/<name>           host 127.0.0.1 port that guest connections to a forward <name> reach
#   summary.txt            PASS/FAIL per test with seconds

. "$(cd "$(dirname "${BASH_SOURCE[0]}")/../../lib" && pwd)/common.sh"

LAB_DIR="$LUNBRIDGE_ROOT/scripts/vm-lab"
LAB_CACHE="${LUNBRIDGE_VM_LAB_CACHE:-$LAB_DIR/cache}"
LAB_ROOTFS_DIR="$LAB_CACHE/rootfs"      # debootstrap tree, kept so package changes are incremental
LAB_ROOTFS_IMG="$LAB_CACHE/rootfs.img"  # ext4 image of the tree; booted with snapshot=on, never modified
LAB_KERNEL="$LAB_CACHE/vmlinuz"
LAB_INITRD="$LAB_CACHE/initrd.img"
LAB_DEBS="$LAB_CACHE/debs"              # downloaded .debs, reused by rebuilds

LAB_SUITE=bookworm
LAB_MIRROR=${LUNBRIDGE_VM_LAB_MIRROR:-http://deb.debian.org/debian}

# What the guest needs now (nbd) and next (tgtd with an iSER portal on Soft-RoCE, libiscsi and qemu-nbd as
# reference initiators). No JRE: the guest runs the host's JDK (>= 21) over 9p. Changing this list re-runs only
# the apt stage of scripts/vm-lab/build.
LAB_GUEST_PKGS=(
    linux-image-amd64 initramfs-tools kmod udev
    iproute2 iputils-ping procps util-linux psmisc e2fsprogs
    nbd-client fio
    rdma-core ibverbs-providers ibverbs-utils rdmacm-utils
    tgt libiscsi-bin open-iscsi qemu-utils qemu-block-extra
)

# Host packages the lab needs (qemu under TCG, guest build, guestfwd helper, image checks).
LAB_HOST_PKGS=(qemu-system-x86 debootstrap socat e2fsprogs)

LAB_GUEST_MEM_MB=${LUNBRIDGE_VM_LAB_MEM_MB:-2048}
LAB_GUEST_CPUS=${LUNBRIDGE_VM_LAB_CPUS:-2}

# Guest-side view of the host: qemu user networking (slirp) with restrict=on, so the guest reaches nothing but
# these forwards. Each guest TCP connection to LAB_FWD_ADDR:<guest port> spawns lib/forward, which connects to
# 127.0.0.1:<port in ports/<name>> on the host (the port is chosen per test, after qemu started).
LAB_FWD_ADDR=10.0.2.100
declare -A LAB_FORWARDS=([nbd]=10809 [iscsi]=3260)   # forward name -> guest-side port

# Timeouts, generous: the machine is shared and TCG is slow (boot is 10-25 s when quiet).
LAB_BOOT_TIMEOUT_S=${LUNBRIDGE_VM_LAB_BOOT_TIMEOUT_S:-300}
LAB_SERVER_READY_TIMEOUT_S=120
LAB_SERVER_STOP_TIMEOUT_S=60

stamp() { date -u +%H:%M:%S; }
log() { printf '[%s] %s\n' "$(stamp)" "$*" >&2; }

# elapsed_since START_EPOCH_NANOS -> seconds with one decimal
elapsed_since() { awk -v a="$1" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }'; }

# lab_qemu_args RUN_DIR -> fills the array LAB_QEMU with the qemu command line (without console options).
lab_qemu_args() {
    local run=$1 netdev name
    case "$LUNBRIDGE_ROOT$run$JAVA_HOME" in
        *[,\ ]*) die "paths given to qemu must not contain commas or spaces: $LUNBRIDGE_ROOT $run $JAVA_HOME" ;;
    esac
    # restrict=on: no route out; only the guestfwd entries below exist. ipv6=off: nothing to forward there.
    netdev="user,id=net0,restrict=on,ipv6=off"
    for name in "${!LAB_FORWARDS[@]}"; do
        netdev+=",guestfwd=tcp:$LAB_FWD_ADDR:${LAB_FORWARDS[$name]}-cmd:$LAB_DIR/lib/forward $run/ports/$name"
    done
    LAB_QEMU=(qemu-system-x86_64 -nodefaults -no-user-config
        -machine q35 -accel tcg -cpu max -smp "$LAB_GUEST_CPUS" -m "$LAB_GUEST_MEM_MB"
        -kernel "$LAB_KERNEL" -initrd "$LAB_INITRD"
        -append "root=/dev/vda rw console=ttyS0 init=/sbin/lab-init net.ifnames=0 quiet panic=-1 ${LUNBRIDGE_VM_LAB_APPEND:-}"
        # snapshot=on: guest writes go to a temporary overlay; rootfs.img stays pristine for the next boot.
        -drive "file=$LAB_ROOTFS_IMG,if=virtio,format=raw,snapshot=on"
        -virtfs "local,path=$LUNBRIDGE_ROOT,mount_tag=lunbridge,security_model=none,readonly=on,id=fs0"
        -virtfs "local,path=$run,mount_tag=out,security_model=none,id=fs1"
        -virtfs "local,path=$JAVA_HOME,mount_tag=jdk,security_model=none,readonly=on,id=fs2"
        -netdev "$netdev" -device virtio-net-pci,netdev=net0
        -device virtio-rng-pci
        -no-reboot -display none)
}

# lab_new_run KIND -> creates and prints a fresh run directory.
lab_new_run() {
    local dir
    dir="$LAB_CACHE/runs/$(date -u +%Y%m%d-%H%M%S)-$1-$$"
    mkdir -p "$dir/ctl" "$dir/ports"
    printf '%s\n' "$dir"
}

lab_require_built() {
    [ -f "$LAB_KERNEL" ] && [ -f "$LAB_INITRD" ] && [ -f "$LAB_ROOTFS_IMG" ] \
        || die "the guest is not built: run scripts/vm-lab/build"
}

# ---- for host-side test scripts (tests/*): LAB_RUN is the run directory of the running guest.

# guest_alive: qemu of this run still runs.
guest_alive() { kill -0 "$(cat "$LAB_RUN/qemu.pid" 2>/dev/null)" 2>/dev/null; }

# guest_exec NAME TIMEOUT_S CMD...: runs CMD (a command line for sh, in guest/) in the guest and returns its exit
# status; the guest's output is appended to $LAB_RUN/NAME.guest.log. 124 on timeout, 125 if the guest died.
guest_exec() {
    local name=$1 timeout_s=$2 id rc deadline
    shift 2
    id="$(date +%s%N)-$name"
    printf '%s\n' "$*" >"$LAB_RUN/ctl/$id.tmp"
    mv "$LAB_RUN/ctl/$id.tmp" "$LAB_RUN/ctl/$id.cmd"
    deadline=$((SECONDS + timeout_s))
    while [ ! -e "$LAB_RUN/ctl/$id.rc" ]; do
        guest_alive || { log "the guest died while running: $*"; return 125; }
        if [ "$SECONDS" -ge "$deadline" ]; then
            log "TIMEOUT: the guest did not finish '$*' within ${timeout_s} s"
            touch "$LAB_RUN/guest-hung"
            return 124
        fi
        sleep 0.3
    done
    rc=$(cat "$LAB_RUN/ctl/$id.rc")
    return "${rc:-1}"
}

# lunbridge_start NAME FORWARD SERVE_ARGS...: starts `scripts/lunbridge serve --listen 127.0.0.1:0 SERVE_ARGS` in
# the background, waits for its ready line, and points the guest forward FORWARD (nbd, iscsi) at its port.
# Sets LUNBRIDGE_PID and LUNBRIDGE_PORT; output in $LAB_RUN/NAME.lunbridge.{out,err}.
lunbridge_start() {
    local name=$1 forward=$2 out err uri deadline
    shift 2
    out="$LAB_RUN/$name.lunbridge.out" err="$LAB_RUN/$name.lunbridge.err"
    "$LUNBRIDGE_ROOT/scripts/lunbridge" serve --listen 127.0.0.1:0 "$@" >"$out" 2>"$err" &
    LUNBRIDGE_PID=$!
    deadline=$((SECONDS + LAB_SERVER_READY_TIMEOUT_S))
    until grep -q '^lunbridge: serving' "$out" 2>/dev/null; do
        if ! kill -0 "$LUNBRIDGE_PID" 2>/dev/null; then
            wait "$LUNBRIDGE_PID"
            log "lunbridge exited with $? before serving; stderr:"; sed 's/^/    /' "$err" >&2
            LUNBRIDGE_PID=""; return 1
        fi
        if [ "$SECONDS" -ge "$deadline" ]; then
            log "lunbridge not ready after ${LAB_SERVER_READY_TIMEOUT_S} s; stderr:"; sed 's/^/    /' "$err" >&2
            return 1
        fi
        sleep 0.2
    done
    log "$(head -1 "$out")"
    uri=$(grep -o 'nbd://127\.0\.0\.1:[0-9]*' "$out" | head -1)
    LUNBRIDGE_PORT=${uri##*:}
    [ -n "$LUNBRIDGE_PORT" ] || { log "no nbd://127.0.0.1:PORT in the ready line"; return 1; }
    printf '%s\n' "$LUNBRIDGE_PORT" >"$LAB_RUN/ports/$forward.tmp"
    mv "$LAB_RUN/ports/$forward.tmp" "$LAB_RUN/ports/$forward"
}

# lunbridge_stop FORWARD: SIGTERM, wait (bounded), return lunbridge's exit status (137 if it had to be killed).
lunbridge_stop() {
    local forward=$1 deadline rc
    rm -f "$LAB_RUN/ports/$forward"
    [ -n "${LUNBRIDGE_PID:-}" ] || return 1
    kill -TERM "$LUNBRIDGE_PID" 2>/dev/null
    deadline=$((SECONDS + LAB_SERVER_STOP_TIMEOUT_S))
    while kill -0 "$LUNBRIDGE_PID" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
    if kill -0 "$LUNBRIDGE_PID" 2>/dev/null; then
        log "lunbridge did not exit within ${LAB_SERVER_STOP_TIMEOUT_S} s of SIGTERM; killing it"
        kill -KILL "$LUNBRIDGE_PID" 2>/dev/null
    fi
    rc=0; wait "$LUNBRIDGE_PID" || rc=$?
    LUNBRIDGE_PID=""
    return "$rc"
}

# lab_preflight: can this machine run the lab? Installs the host packages; prints the reason and fails if not.
lab_preflight() {
    if ! (ensure_packages "${LAB_HOST_PKGS[@]}" libnbd-bin) >&2; then
        echo "cannot install the host packages ${LAB_HOST_PKGS[*]} libnbd-bin"; return 1
    fi
    if ! qemu-system-x86_64 -accel help 2>/dev/null | grep -qx tcg; then
        echo "qemu-system-x86_64 has no TCG accelerator: $(qemu-system-x86_64 -version 2>&1 | head -1)"; return 1
    fi
    if [ "$(id -u)" -ne 0 ] && ! { [ -f "$LAB_ROOTFS_IMG" ] && [ -f "$LAB_KERNEL" ]; }; then
        echo "building the guest (debootstrap, chroot) needs root, and $LAB_CACHE holds no built guest"; return 1
    fi
    return 0
}
