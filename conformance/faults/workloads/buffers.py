# A workload of the buffer types: array, bytearray, memoryview casts and slices, and bytes' methods
import array
a = array.array('d', (i / 3 for i in range(500)))
a.extend(a[::7]); a.insert(3, 1.5); a.byteswap(); a.byteswap(); a.reverse()
b = array.array('i', range(1000)); b.frombytes(b[:10].tobytes()); b.pop(0)
ba = bytearray(b'0123456789abcdef' * 32)
ba[10:20] = b'x' * 50; del ba[::9]; ba.extend(range(200)); ba += ba[:100]
m = memoryview(ba)
ints = m[:len(ba) // 4 * 4].cast('I'); chunk = bytes(m[5:70]); m.release()
raw = bytes(range(256)) * 4
h = raw.hex(); back = bytes.fromhex(h); tr = raw.translate(bytes.maketrans(b'abc', b'xyz'))
parts = (raw * 2).split(b'\x00'); joined = b'|'.join(parts); z = raw.zfill(1100)
view = memoryview(array.array('h', range(300))).tolist()
assert back == raw and len(tr) == len(raw) and len(parts) == 9 and joined and len(z) == 1100
assert len(a) == 573 and len(ints) > 0 and len(chunk) == 65 and view[299] == 299
