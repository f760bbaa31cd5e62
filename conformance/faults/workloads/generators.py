# A workload of generators, yield from, generator expressions and a coroutine driven by hand
def gen(n):
    for i in range(n):
        got = yield i
        if got: yield got
def outer():
    yield from gen(50)
    yield from (x * x for x in range(50) if x & 1)
total = sum(outer())
g = gen(10); next(g); g.send('x'); g.close()
async def co(n):
    return n * 2
c = co(21)
try:
    c.send(None)
except StopIteration as e:
    assert e.value == 42
assert total > 0
