# A workload of f-strings, %-formatting, str.format, joins and encodings
parts = []
for i in range(200):
    parts.append(f'{i:>8x}|{i / 7:.3f}|{str(i) * 3!r}|' + '%s-%d' % ('é' * i, i))
text = '\n'.join(parts) + '\u20ac\U0001f600'
for enc in ('utf-8', 'utf-16', 'latin-1', 'ascii'):
    b = text.encode(enc, errors='replace')
    assert b.decode(enc, errors='replace')
w = text.split('|'); u = text.upper().replace('A', 'bb').strip()
assert '{0}:{x}'.format(1, x=2) == '1:2' and len(w) > 100
