# A workload of the C container types beyond the built-ins: collections' deque, OrderedDict, defaultdict and Counter, heapq and bisect
from collections import deque, OrderedDict, defaultdict, Counter
import heapq, bisect
d = deque(range(100), maxlen=80)
d.rotate(7); d.extendleft('abc'); d.append([1]); d.remove('a'); d.reverse()
assert len(d) == 79 and d.index(50) >= 0
od = OrderedDict((str(i), i) for i in range(100))
od.move_to_end('5'); od.move_to_end('7', last=False); od.popitem(); od.popitem(last=False)
assert od == OrderedDict(od.items()) and list(reversed(od))[0] != '5'
dd = defaultdict(list)
for i in range(200):
    dd[i % 13].append(i)
c = Counter('the quick brown fox jumps over the lazy dog' * 5)
top = c.most_common(3); c2 = c + Counter(a=3) - Counter(e=1)
h = [(i * 7919) % 251 for i in range(300)]
heapq.heapify(h); small = heapq.nsmallest(10, h); merged = list(heapq.merge(sorted(h[:50]), range(40)))
s = sorted(h); bisect.insort(s, 77); pos = bisect.bisect_left(s, 100)
assert top and len(dd) == 13 and c2['a'] > c['a'] and small[0] == min(h) and 0 < pos < len(s)
