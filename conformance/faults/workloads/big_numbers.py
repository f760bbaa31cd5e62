# A workload of numbers: big-integer arithmetic and conversions, float formatting, complex, math and decimal
import math, cmath, decimal
x = 3 ** 400 + 12345
y = pow(x, 3, 10 ** 40 + 7); q, r = divmod(x, 7 ** 50); bits = (x >> 100) ^ (x & ((1 << 300) - 1))
b = x.to_bytes((x.bit_length() + 7) // 8, 'little'); back = int.from_bytes(b, 'little')
s = str(x); h = hex(x); n = int(s[:200]) * int('7' * 150)
floats = ['%.17g|%e|%a' % (i / 3.0, i * 1e300, i / 7.0) for i in range(1, 60)]
reprs = [float(repr(i / 11)) for i in range(200)]; fmt = format(1234567.891, ',.2f')
z = [cmath.exp(complex(i, -i) / 10) for i in range(50)]; zs = [repr(c) for c in z]
m = [math.factorial(i) for i in range(60)]; g = math.gcd(*m[10:12]); fs = math.fsum(reprs)
iq = math.isqrt(x) if hasattr(math, 'isqrt') else int(math.sqrt(2))
ctx = decimal.Context(prec=60)
d = [ctx.divide(decimal.Decimal(i), decimal.Decimal(7)) for i in range(1, 80)]
ds = ctx.sqrt(decimal.Decimal(2)); dq = decimal.Decimal('1.2345678901234567890').quantize(decimal.Decimal('1e-5'))
assert back == x and q * 7 ** 50 + r == x and bits and len(floats) == 59 and fmt == '1,234,567.89'
assert g == m[10] and fs > 0 and iq > 0 and str(ds).startswith('1.414') and len(zs) == 50 and n > 0
