#!/usr/bin/env python3
"""Start-up benchmark: `hatch combine` on two sample notes next to a hello-world Typer app.

Usage: python benchmarks/startup.py [--runs N]

Both commands run as fresh processes, interleaved, so machine noise hits them alike; the
script prints the median wall time of each and their ratio. The target (issue 28; 1.3
since issue 2) is a ratio of at most 1.25: hatch's own imports and work may add at most
25% to what any Typer + Rich program pays to start.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HELLO = """\
import typer
from rich.console import Console

app = typer.Typer()


@app.command()
def main() -> None:
    Console().print("hello")


app()
"""


def wall(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    # pip writes bytecode when it installs hatch; PYTHONDONTWRITEBYTECODE (set in some
    # shells and containers) would make every run here compile hatch's modules again.
    dropped = ("FORCE_COLOR", "PY_COLORS", "PYTHONDONTWRITEBYTECODE")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    with tempfile.TemporaryDirectory() as tmp:
        hello = Path(tmp) / "hello.py"
        hello.write_text(HELLO)
        # The installed `hatch` script, as a user runs it (else `python -m hatch_cli`).
        script = Path(sys.executable).with_name("hatch")
        command = [str(script)] if script.exists() else [sys.executable, "-m", "hatch_cli"]
        combine = [
            *command,
            "combine",
            str(REPO / "notes" / "curation-as-care.md"),
            str(REPO / "notes" / "brands-as-curators.md"),
        ]
        commands = {"hello (typer + rich)": [sys.executable, str(hello)], "hatch combine": combine}
        for cmd in commands.values():  # warm the bytecode caches and the page cache
            wall(cmd, env)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, cmd in commands.items():
                times[name].append(wall(cmd, env))
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, value in medians.items():
        print(f"{name:22} median {value * 1000:7.1f} ms  ({args.runs} runs)")
    ratio = medians["hatch combine"] / medians["hello (typer + rich)"]
    print(f"ratio hatch/hello      {ratio:.2f}  (target <= 1.25)")


if __name__ == "__main__":
    main()
