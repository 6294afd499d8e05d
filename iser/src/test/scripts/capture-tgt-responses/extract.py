import subprocess, sys, collections, json
port = int(open('port').read())
# per-packet: stream index, src port, tcp payload
out = subprocess.run(['tshark','-r',sys.argv[1],'-T','fields','-e','tcp.stream','-e','tcp.srcport','-e','tcp.seq_raw','-e','tcp.payload'],capture_output=True,text=True).stdout
streams = collections.defaultdict(lambda: {'i':{},'t':{}})
for line in out.splitlines():
    s, sp, seq, pl = (line.split('\t')+['']*4)[:4]
    if not pl: continue
    d = 't' if int(sp)==port else 'i'
    streams[int(s)][d][int(seq)] = bytes.fromhex(pl.replace(':',''))
def join(segs):
    b=b''; 
    for k in sorted(segs): b+=segs[k]
    return b
def pdus(b):
    off=0
    while off+48<=len(b):
        bhs=b[off:off+48]; ahs=bhs[4]*4; dsl=int.from_bytes(bhs[5:8],'big')
        pad=(4-dsl%4)%4
        data=b[off+48+ahs:off+48+ahs+dsl]
        yield bhs,data
        off+=48+ahs+dsl+pad
res=[]
for s in sorted(streams):
    cmds={}
    for bhs,data in pdus(join(streams[s]['i'])):
        if bhs[0]&0x3f==0x01:
            itt=bhs[16:20].hex(); lun=bhs[8:16].hex(); cdb=bhs[32:48]
            cmds[itt]={'stream':s,'lun':lun,'cdb':cdb.hex(),'edtl':int.from_bytes(bhs[20:24],'big'),'data':b'','status':None,'sense':''}
    for bhs,data in pdus(join(streams[s]['t'])):
        op=bhs[0]&0x3f; itt=bhs[16:20].hex()
        if op==0x25 and itt in cmds:
            cmds[itt]['data']+=data
            if bhs[1]&0x01: cmds[itt]['status']=bhs[3]
        if op==0x21 and itt in cmds:
            cmds[itt]['status']=bhs[3]; cmds[itt]['sense']=data.hex()
    for c in cmds.values():
        c['data']=c['data'].hex(); res.append(c)
json.dump(res,open(sys.argv[2],'w'),indent=1)
for c in res: print(c['stream'],c['lun'][:4],c['cdb'][:32],c['status'],c['data'][:64],len(c['data'])//2, c['sense'])
