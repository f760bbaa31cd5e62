# A workload of pickle (its C accelerator) at every protocol, and copy's deep copies of nested containers
import pickle, copy
data = {'ints': list(range(300)), 'big': [2 ** (64 + i) for i in range(20)], 'floats': [i / 7 for i in range(50)],
        'text': ['é%d€' % i for i in range(80)], 'bytes': [bytes([i]) * i for i in range(40)],
        'nested': [(i, {'k': frozenset({i, -i})}, [None, True]) for i in range(60)], 'set': set(range(90))}
data['self'] = [data['ints'], data['ints']]
for proto in range(pickle.HIGHEST_PROTOCOL + 1):
    blob = pickle.dumps(data, protocol=proto)
    again = pickle.loads(blob)
    assert again['nested'] == data['nested'] and again['self'][0] is again['self'][1]
deep = copy.deepcopy(data); shallow = copy.copy(data['nested'])
assert deep == data and deep['self'][0] is deep['self'][1] and shallow[0] is data['nested'][0]
