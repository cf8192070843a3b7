"""``python -m bench [--quick] [B1 B2 ...]``: run the benchmarks, print a table, write JSON.

Not part of the test suite. The emulator runs in its own process; every figure with a
baseline is measured in the same run and reported as a ratio.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import time

from bench.common import Report

ALL = ("B1", "B2", "B3", "B4", "B5")


async def _main(names: list[str], quick: bool) -> Report:
    from bench import b1, b2, b3, b4, b5

    report = Report(quick)
    modules = {"B1": b1, "B2": b2, "B3": b3, "B4": b4, "B5": b5}
    for name in names:
        started = time.perf_counter()
        print(f"{name}:", flush=True)
        await modules[name].run(report, quick)
        print(f"  ({time.perf_counter() - started:.1f} s)", flush=True)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller sizes, about a minute")
    parser.add_argument("names", nargs="*", choices=[*ALL, []], metavar="B1..B5")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    report = asyncio.run(_main([n.upper() for n in args.names] or list(ALL), args.quick))
    print(f"written: {report.write()}")


if __name__ == "__main__":
    main()
