# A workload of json, re and struct
import json, re, struct
doc = {'a': [1, 2.5, None, True], 'b': {'c': 'd' * 50}, 'e': list(range(50))}
assert json.loads(json.dumps(doc, indent=2, sort_keys=True)) == doc
pat = re.compile(r'(?P<w>[a-z]+)(\d+)?', re.I)
found = [m.group('w') for m in pat.finditer('abc12 DEF x9 ' * 20)]
assert re.sub(r'\s+', ' ', 'a  b\tc') == 'a b c'
packed = struct.pack('<iQd10s', -1, 2**40, 0.5, b'xyz')
assert struct.unpack('<iQd10s', packed)[1] == 2**40 and found
