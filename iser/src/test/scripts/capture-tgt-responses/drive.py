import ctypes, sys
L = ctypes.CDLL('libiscsi.so.7')
L.iscsi_create_context.restype = ctypes.c_void_p
for f in ['iscsi_modesense6_sync','iscsi_modesense10_sync','iscsi_get_lba_status_sync','iscsi_read16_sync','iscsi_write16_sync','iscsi_testunitready_sync','iscsi_unmap_sync','iscsi_writesame16_sync','iscsi_synchronizecache16_sync']:
    getattr(L,f).restype = ctypes.c_void_p
port = int(open('port').read())
ctx = ctypes.c_void_p(L.iscsi_create_context(b'iqn.2026-01.org.lunbridge:capture'))
L.iscsi_set_targetname(ctx, b'iqn.2026-01.org.lunbridge:scsi')
L.iscsi_set_session_type(ctx, 2)
assert L.iscsi_full_connect_sync(ctx, b'127.0.0.1:%d' % port, 1) == 0
c = ctypes.c_int; u64 = ctypes.c_uint64; u32 = ctypes.c_uint32
# MODE SENSE(6)/(10) all pages, DBD=0 / DBD=1
L.iscsi_modesense6_sync(ctx, 1, 0, 0, 0x3f, 0, 255)
L.iscsi_modesense10_sync(ctx, 1, 0, 1, 0, 0x3f, 0, 255)
L.iscsi_modesense6_sync(ctx, 1, 1, 0, 0x08, 0, 255)
# invalid page -> INVALID FIELD IN CDB
L.iscsi_modesense6_sync(ctx, 1, 1, 0, 0x2e, 0, 255)
buf = (ctypes.c_ubyte*4096)(*([0xAA]*4096))
L.iscsi_write16_sync(ctx, 1, u64(2048), buf, u32(4096), 512, 0, 0, 1, 0, 0)
L.iscsi_synchronizecache16_sync(ctx, 1, u64(0), u32(0), 0, 0)
L.iscsi_get_lba_status_sync(ctx, 1, u64(0), u32(64))
L.iscsi_get_lba_status_sync(ctx, 1, u64(2048), u32(64))
# read beyond the end -> LBA OUT OF RANGE
L.iscsi_read16_sync(ctx, 1, u64(131072), u32(512), 512, 0, 0, 0, 0, 0)
L.iscsi_read16_sync(ctx, 1, u64(0x123456789), u32(512), 512, 0, 0, 0, 0, 0)
print('ok')
