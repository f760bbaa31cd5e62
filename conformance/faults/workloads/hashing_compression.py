# A workload of hashing, compression and binary-to-text codecs: hashlib, zlib, binascii and base64
import hashlib, zlib, binascii, base64, sys
data = b''.join(b'%d:%s;' % (i, b'ab' * (i % 13)) for i in range(2000))
digests = [hashlib.new(n, data).hexdigest() for n in ('md5', 'sha1', 'sha256', 'sha512', 'blake2b', 'sha3_256')]
h = hashlib.sha256()
for i in range(0, len(data), 777):
    h.update(data[i:i + 777])
copy = h.copy(); copy.update(b'x')
comp = zlib.compress(data, 9)
d = zlib.decompressobj(); out = d.decompress(comp, 1000) + d.decompress(d.unconsumed_tail) + d.flush()
c = zlib.compressobj(6, zlib.DEFLATED, -15); stream = c.compress(data) + c.flush()
crc = zlib.crc32(data); adler = zlib.adler32(data)
b64 = base64.b64encode(data); b32 = base64.b32encode(data[:500]); b85 = base64.b85encode(data[:500])
hx = binascii.hexlify(data[:1000], b'-') if sys.version_info >= (3, 8) else binascii.hexlify(data[:1000])
assert out == data and zlib.decompress(stream, -15) == data and base64.b64decode(b64) == data
assert base64.b32decode(b32) == data[:500] and base64.b85decode(b85) == data[:500]
assert len(digests) == 6 and h.hexdigest() != copy.hexdigest() and crc and adler and hx
