# A workload of dict, list, set and tuple displays, comprehensions and methods
d = {str(i): [i] * (i % 7) for i in range(300)}
s = {k[::-1] for k in d if len(k) > 1}
t = tuple(sorted(d.items(), key=lambda kv: (len(kv[1]), kv[0]), reverse=True))
l = [x for v in d.values() for x in v if x % 3]
l.extend(range(200)); l.insert(5, None); del l[10:60:3]
m = dict(zip(l[:50], t)); m.update(a=1, b=2); fs = frozenset(s) | {1, 2}
assert len(d) == 300 and 'a' in m
