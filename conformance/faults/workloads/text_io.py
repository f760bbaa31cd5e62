# A workload of in-memory streams: io.BytesIO, io.StringIO and a TextIOWrapper with encodings and newline translation
import io
buf = io.BytesIO()
w = io.TextIOWrapper(buf, encoding='utf-16', newline='\r\n', write_through=True)
for i in range(150):
    w.write('line %d: %s\n' % (i, 'ü€' * (i % 5)))
w.flush()
raw = buf.getvalue(); buf.seek(0)
r = io.TextIOWrapper(io.BytesIO(raw), encoding='utf-16', newline=None)
lines = r.readlines()
s = io.StringIO()
s.writelines(l.upper() for l in lines); s.seek(0); first = s.readline(); rest = s.read()
b = io.BytesIO(b'abc\n' * 500); b.seek(100); b.truncate(1000); b.write(b'x' * 300)
chunks = [b.read1(64) for _ in range(3)] if hasattr(b, 'read1') else []
mv = b.getbuffer(); size = len(mv); mv.release()
enc = io.TextIOWrapper(io.BytesIO(), encoding='latin-1', errors='replace'); enc.write('x\u20acy'); enc.flush()
assert len(lines) == 150 and first.startswith('LINE 0') and rest and size == 1000 and enc.buffer.getvalue() == b'x?y'
