# Guest-side helpers for lab tests (POSIX sh, dash). Source it: . ./lib.sh
# The agent (guest/init) runs tests in /lunbridge/scripts/vm-lab/guest with /out = the host's run directory.

# Where the host is, as seen from the guest (lib/lab.sh LAB_FWD_ADDR / LAB_FORWARDS).
LAB_HOST=10.0.2.100
LAB_NBD_PORT=10809
LAB_ISCSI_PORT=3260
# The guest's own address on eth0; rdma_rxe's rxe0 sits on it (RoCE v2 GID ::ffff:10.0.2.15).
LAB_GUEST_IP=10.0.2.15

FAILED=0

# step NAME CMD...: runs CMD with a timing line; records a failure but goes on (the caller decides).
step() {
    _name=$1; shift
    _t0=$(date +%s%N)
    echo "+ $*"
    "$@"
    _rc=$?
    _ms=$(( ($(date +%s%N) - _t0) / 1000000 ))
    printf 'STEP %-32s rc=%-3s %6d ms\n' "$_name" "$_rc" "$_ms"
    [ "$_rc" -eq 0 ] || { echo "FAILED STEP $_name (rc=$_rc)"; FAILED=1; }
    return "$_rc"
}

# must NAME CMD...: a step the rest of the test depends on; exits the test when it fails.
must() {
    step "$@" || exit 1
}

# expect NAME ACTUAL WANTED: compares two strings, prints both.
expect() {
    if [ "$2" = "$3" ]; then echo "ok   $1: $2"; else echo "FAIL $1: got '$2', want '$3'"; FAILED=1; fi
}

# output_has REGEX CMD...: runs CMD, shows its output, succeeds when a line matches REGEX. (Not `tee /dev/stderr`:
# reopening a log file through /dev/stderr truncates it.)
output_has() {
    _re=$1; shift
    _out=$("$@"); _rc=$?
    printf '%s\n' "$_out"
    [ "$_rc" -eq 0 ] && printf '%s\n' "$_out" | grep -q -- "$_re"
}

# setup_rxe: Soft-RoCE device rxe0 on eth0. No udevd runs, so every module is loaded by hand; rdma_ucm
# provides /dev/infiniband/rdma_cm for librdmacm users (tgtd --iser, libiscsi iser://).
setup_rxe() {
    step modprobe-rdma_rxe modprobe rdma_rxe || return 1
    step modprobe-rdma_ucm modprobe rdma_ucm || return 1
    [ -d /sys/class/infiniband/rxe0 ] || step rdma-link-add-rxe0 rdma link add rxe0 type rxe netdev eth0 || return 1
    rdma link show
}

finish() {
    if [ "$FAILED" -eq 0 ]; then echo "guest part: ok"; else echo "guest part: FAILED"; fi
    exit "$FAILED"
}
