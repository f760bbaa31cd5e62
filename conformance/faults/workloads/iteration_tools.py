# A workload of itertools, functools and operator: chains, products, groupings, partials, caches and key functions
import itertools, functools, operator
words = ['w%03d' % (i * 37 % 200) for i in range(200)]
groups = {k: len(list(g)) for k, g in itertools.groupby(sorted(words), key=operator.itemgetter(1))}
prod = list(itertools.product('abc', range(4), repeat=2))
perms = list(itertools.permutations(range(5), 3)); combs = list(itertools.combinations_with_replacement('xyz', 3))
acc = list(itertools.accumulate(range(100), operator.mul, initial=1)) if hasattr(itertools, 'pairwise') else []
t1, t2 = itertools.tee(itertools.islice(itertools.count(5, 3), 100))
zipped = list(itertools.zip_longest(t1, 'ab' * 40, t2, fillvalue=None))
chained = list(itertools.chain.from_iterable(itertools.repeat(words[:10], 5)))
@functools.lru_cache(maxsize=32)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
add5 = functools.partial(operator.add, 5)
total = functools.reduce(operator.add, map(add5, range(100)))
ordered = sorted(words, key=functools.cmp_to_key(lambda a, b: (a > b) - (a < b)))
getter = operator.attrgetter('real', 'imag'); call = operator.methodcaller('split', '0')
assert fib(80) > 0 and fib.cache_info().hits > 0 and total == 5450 and ordered == sorted(words)
assert groups and len(prod) == 144 and len(perms) == 60 and chained and getter(3j) == (0.0, 3.0)
assert call('w010') == ['w', '1', ''] and zipped
