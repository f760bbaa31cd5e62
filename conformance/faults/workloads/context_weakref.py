# A workload of weak references and context variables: weakref's dictionaries, sets and finalizers, gc, and contextvars' contexts (3.7+, where the module exists)
import weakref, gc, sys
def box(i):
    return lambda: i
boxes = [box(i) for i in range(300)]
wd = weakref.WeakValueDictionary((i, b) for i, b in enumerate(boxes))
wk = weakref.WeakKeyDictionary((b, i) for i, b in enumerate(boxes[:100]))
ws = weakref.WeakSet(boxes[::3]); refs = [weakref.ref(b) for b in boxes[:50]]
done = []
fins = [weakref.finalize(b, done.append, b()) for b in boxes[:40]]
del boxes[:150]
gc.collect()
assert len(wd) == 150 and len(wk) == 0 and len(done) == 40 and sum(r() is None for r in refs) == 50
assert len(ws) == 50 and not any(f.alive for f in fins)
if sys.version_info >= (3, 7):
    import contextvars
    var = contextvars.ContextVar('var', default=0)
    def step(n):
        token = var.set(var.get() + n)
        if n % 3 == 0:
            var.reset(token)
        return var.get()
    ctxs = [contextvars.copy_context() for _ in range(20)]
    got = [c.run(step, i) for i, c in enumerate(ctxs) for _ in range(5)]
    many = {contextvars.ContextVar('v%d' % i): i for i in range(100)}
    for v, i in many.items():
        v.set(i)
    snap = contextvars.copy_context()
    assert got and len(list(snap.items())) >= 100 and var not in snap
