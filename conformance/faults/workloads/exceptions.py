# A workload of raised, chained and caught exceptions and formatted tracebacks
import traceback
def f(n):
    if n == 0:
        raise ValueError('bottom %d' % n)
    try:
        f(n - 1)
    except ValueError as e:
        raise KeyError(n) from e
out = []
for i in range(6):
    try:
        f(i % 4 + 1)
    except KeyError as e:
        out.append(''.join(traceback.format_exception(type(e), e, e.__traceback__)))
    finally:
        out.append(i)
assert 'bottom' in out[0]
