# A workload of threads: threading.Thread started and joined one at a time, with a lock, a queue, an event and thread-local data
import sys
import threading

try:
    import queue
except ImportError:
    queue = None
# One thread runs at a time (each is joined before the next starts), so the
# order of the allocations does not depend on the scheduler.
sys.setswitchinterval(10.0)
results = []
lock = threading.Lock()
local = threading.local()
done = threading.Event()
q = queue.Queue() if queue else None


def work(n):
    local.items = [n] * 10
    with lock:
        results.append(sum(local.items))
    if q is not None:
        q.put(n)
    if n == 3:
        done.set()


for i in range(6):
    t = threading.Thread(target=work, args=(i,), name='worker-%d' % i)
    t.start()
    t.join()
assert done.is_set() and len(results) == 6
assert q is None or sorted(q.get_nowait() for _ in range(6)) == list(range(6))
