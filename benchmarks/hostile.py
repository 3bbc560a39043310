"""Time and peak memory of ``hatch combine`` on hostile notes (a benchmark, not a test).

Each case runs in a fresh subprocess that calls the CLI in-process and reports its own
peak RSS (``resource.getrusage``), so earlier cases never colour later numbers:

- a 50 MB note (paragraphs, headings and list items of ordinary words);
- a YAML "billion laughs" alias bomb (9 levels of 9 references: 9**9 values if expanded);
- a 1 MB frontmatter block (one long string), and one of 50,000 keys;
- a single 1 MB line, and 1 MB of ``[`` (markdown-it's slowest inline case we know);
- nesting 2,000 to 50,000 levels deep (quotes, lists, emphasis, brackets), which the
  reader must bound (the tests check only that these notes still combine).

Run: python benchmarks/hostile.py [--repeat N]   (POSIX only: it needs ``resource``)
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, resource, sys, time
from typer.testing import CliRunner
from hatch_cli.cli import app
start = time.perf_counter()
result = CliRunner().invoke(app, ["combine", *sys.argv[1:], "-f", "json"])
elapsed = time.perf_counter() - start
try:  # Linux: the high-water mark of this process's memory (reset by exec)
    status = open("/proc/self/status").read()
    peak = int(status.split("VmHWM:")[1].split()[0])
except (OSError, IndexError):  # ru_maxrss survives exec on Linux, so only a fallback
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if sys.platform == "darwin":
        peak //= 1024  # bytes there
print(json.dumps({"exit": result.exit_code, "seconds": elapsed, "peak_kib": peak,
                  "stderr": result.stderr.strip()[:120]}))
"""

VOCABULARY = (
    "curation taste museum copyright training data model learning strategy team "
    "leader galleries brands notes ideas archive visitors collection public"
)
WORDS = VOCABULARY.split()


def big_note(size: int) -> bytes:
    """About ``size`` bytes of Markdown: a repeating block of headings, prose and items."""
    lines = []
    for number in range(40):
        words = " ".join(WORDS[(number + k) % len(WORDS)] for k in range(60))
        if number % 10 == 0:
            lines.append(f"## Part {number}: {WORDS[number % len(WORDS)]}")
        elif number % 7 == 0:
            lines.append(f"- {words}.")
        else:
            lines.append(f"{words}.")
    block = ("\n\n".join(lines) + "\n\n").encode()
    return b"---\ntitle: A very big note\n---\n" + block * (size // len(block) + 1)


def alias_bomb(levels: int = 9, fan: int = 9) -> bytes:
    rows = ["a0: &a0 [" + ", ".join(["lol"] * fan) + "]"]
    for level in range(1, levels):
        refs = ", ".join([f"*a{level - 1}"] * fan)
        rows.append(f"a{level}: &a{level} [{refs}]")
    rows.append(f"tags: *a{levels - 1}")
    return ("---\n" + "\n".join(rows) + "\n---\nBody of the bomb.\n").encode()


CASES: dict[str, Callable[[], bytes]] = {
    "50 MB note": lambda: big_note(50 * 1024 * 1024),
    "YAML alias bomb (9**9)": alias_bomb,
    "1 MB frontmatter string": lambda: (
        b"---\ntitle: Long\nsummary: " + b"x" * (1024 * 1024) + b"\n---\nCuration text.\n"
    ),
    "1 MB frontmatter, 50k keys": lambda: (
        b"---\n" + b"".join(b"k%05d: v\n" % n for n in range(50_000)) + b"---\nText.\n"
    ),
    "single 1 MB line": lambda: b"# One line\n\n" + b"curation taste " * (1024 * 1024 // 15),
    "1 MB of [": lambda: b"[" * (1024 * 1024),
    "5,000 nested quotes": lambda: b"# Deep quotes\n\n" + b"> " * 5000 + b"deep words\n",
    "2,000 nested lists": lambda: (
        b"# Deep lists\n\n" + b"".join(b"  " * n + b"- level\n" for n in range(2000))
    ),
    "50,000-deep emphasis": lambda: (
        b"# Deep emphasis\n\n" + b"*" * 50_000 + b"deep" + b"*" * 50_000 + b"\n"
    ),
    "50,000-deep brackets": lambda: (
        b"# Deep brackets\n\n" + b"[" * 50_000 + b"deep" + b"](x)" * 50_000 + b"\n"
    ),
}


def run(name: str, data: bytes, folder: Path) -> dict[str, object]:
    note = folder / "hostile.md"
    note.write_bytes(data)
    other = folder / "other.md"
    other.write_text("# Other\n\nCuration and taste in a museum.\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(note), str(other)],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    out: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    out["case"] = name
    out["input_mb"] = round(len(data) / 1e6, 2)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs per case (best is shown)")
    args = parser.parse_args()
    baseline: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        baseline = run("baseline (two small notes)", b"# Small\n\nCuration and taste.\n", folder)
        print(f"{'case':32} {'input MB':>9} {'exit':>5} {'seconds':>8} {'peak RSS MiB':>13}")
        rows = [baseline]
        for name, make in CASES.items():
            data = make()
            runs = [run(name, data, folder) for _ in range(max(1, args.repeat))]
            rows.append(min(runs, key=lambda row: float(str(row["seconds"]))))
        for row in rows:
            peak_mib = int(str(row["peak_kib"])) / 1024
            print(
                f"{row['case']!s:32} {row['input_mb']!s:>9} {row['exit']!s:>5} "
                f"{float(str(row['seconds'])):8.2f} {peak_mib:13.1f}"
            )
            if row["exit"] != 0:
                print(f"{'':32}   {row['stderr']}")


if __name__ == "__main__":
    main()
