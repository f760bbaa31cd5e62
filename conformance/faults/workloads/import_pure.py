# A workload of imports of pure-Python modules of the standard library (colorsys, textwrap)
import sys
for name in ('colorsys', 'textwrap'):
    sys.modules.pop(name, None)
import colorsys, textwrap
assert colorsys.rgb_to_hsv(0.2, 0.4, 0.4)
assert textwrap.fill('word ' * 40, 30)
