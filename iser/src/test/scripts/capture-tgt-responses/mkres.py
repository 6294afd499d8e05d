import json
a=json.load(open('pdus.json')); b=json.load(open('pdus2.json'))
def find(lst, lunpfx, cdbpfx, status=0):
    for c in lst:
        if c['lun'].startswith(lunpfx) and c['cdb'].startswith(cdbpfx) and c['status']==status: return c
    raise Exception(cdbpfx)
out=[]
def add(name, c, sense=False):
    v = c['sense'][4:] if sense else c['data']
    out.append((name, c['cdb'], v))
for lun,tag in (('0001','lun1'),('0002','lun2')):
    add(tag+'.inquiry', find(a,lun,'1200000042'))
    add(tag+'.inquiry-truncated', find(a,lun,'1200000040'))
    add(tag+'.vpd00', find(a,lun,'1201000040'))
    add(tag+'.vpd80', find(a,lun,'1201800040'))
    add(tag+'.vpd83', find(a,lun,'120183004c'))
    add(tag+'.vpd83-truncated', find(a,lun,'1201830040'))
    add(tag+'.vpdb0', find(a,lun,'1201b00040'))
    add(tag+'.vpdb1', find(a,lun,'1201b10044'))
    add(tag+'.vpdb1-truncated', find(a,lun,'1201b10040'))
    add(tag+'.vpdb2', find(a,lun,'1201b20040'))
    add(tag+'.readcap16', find(a,lun,'9e10'))
    lst=[c for c in a if c['stream']==17]
    add(tag+'.readcap10', find(lst,lun,'25'))
add('lun0.inquiry', find(a,'0000','1200000040'))
add('reportluns', find(a,'0000','a0000000000000000020'))
add('reportluns-truncated', find(a,'0000','a0000000000000000010'))
add('lun1.modesense6-all', find(b,'0001','1a003f'))
add('lun1.modesense10-all-dbd', find(b,'0001','5a083f'))
add('lun1.modesense6-caching-dbd', find(b,'0001','1a0808'))
add('lun1.getlbastatus-0', find(b,'0001','9e12000000000000000000'))
add('lun1.getlbastatus-2048', find(b,'0001','9e120000000000000800'))
add('sense.unit-attention-power-on', find(b,'0001','0000',2), True)
add('sense.invalid-field-in-cdb', find(b,'0001','1a082e',2), True)
add('sense.lba-out-of-range', find(b,'0001','8800000000000002',2), True)
with open('tgt-responses.txt','w') as f:
    f.write('# Real SCSI responses of tgt 1.0.85 (tgtd, file backing store) captured with tshark on 127.0.0.1 while\n')
    f.write('# libiscsi 1.19 drove it (iscsi-inq, iscsi-readcapacity16, iscsi-ls, and python ctypes calls into libiscsi.so.7).\n')
    f.write('# LUN 1: 64 MiB, 512-byte blocks, thin_provisioning=1; LUN 2: 32 MiB, 4096-byte blocks; LUN 0: controller.\n')
    f.write('# Format: <name> <cdb hex, 16 bytes as carried in the iSCSI BHS> <Data-In hex, or sense data hex without the\n')
    f.write('# 2-byte iSCSI SenseLength prefix for sense.* entries>\n')
    for n,c,v in out: f.write('%s %s %s\n'%(n,c,v))
