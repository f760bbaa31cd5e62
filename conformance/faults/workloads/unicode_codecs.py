# A workload of Unicode: unicodedata's lookups and normalization, codecs' encoders and decoders, and str's case and width methods
import unicodedata, codecs
text = ''.join(chr(c) for c in range(0x20, 0x2500) if unicodedata.category(chr(c))[0] in 'LNPS')
names = [unicodedata.name(ch, '') for ch in text[::17]]
found = [unicodedata.lookup(n) for n in names if n][:100]
forms = [unicodedata.normalize(f, text[:800]) for f in ('NFC', 'NFD', 'NFKC', 'NFKD')]
for enc in ('utf-8', 'utf-16-le', 'utf-32', 'utf-7', 'unicode_escape', 'raw_unicode_escape', 'cp1252', 'koi8_r'):
    b = codecs.encode(text[:1500], enc, 'backslashreplace')
    assert codecs.decode(b, enc, 'replace')
dec = codecs.getincrementaldecoder('utf-8')()
pieces = [dec.decode(bytes([c])) for c in 'aé€😀'.encode('utf-8') * 20]
folded = text[:1000].casefold(); upper = text[:1000].upper(); title = text[:500].title()
tabs = ('a\tbc\t' * 50).expandtabs(8); split = text.splitlines(); iden = [w.isidentifier() for w in names[:50]]
assert found and len(forms) == 4 and ''.join(pieces).startswith('aé€') and folded and upper and title
assert len(tabs) > 500 and split and iden
