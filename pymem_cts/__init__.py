"""pymem_cts/__init__.py: pymem-cts, the conformance suite for the memory C
API, as a Python package: `python -m pymem_cts [ARGS]` runs it inside this
interpreter (__main__.py); pymem_cts.main(args) does the same from Python."""


def main(argv=None):
    """Runs the pymem-cts command line argv; returns its exit status."""
    from pymem_cts.__main__ import main as run

    return run(argv)
