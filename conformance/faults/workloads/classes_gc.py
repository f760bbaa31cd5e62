# A workload of classes with __slots__ and __del__ in reference cycles, collected by gc.collect()
import gc
dead = []
class Node:
    __slots__ = ('other', 'data', '__weakref__', '__dict__')
    def __init__(self, n):
        self.data = [n] * 4; self.other = None
    def __del__(self):
        dead.append(len(self.data))
class Sub(Node):
    def __repr__(self): return 'Sub(%r)' % (self.data,)
for i in range(100):
    a, b = Node(i), Sub(i)
    a.other, b.other = b, a
    repr(b)
del a, b
gc.collect()
assert len(dead) > 0
