"""Time and peak memory of hatch on hostile inputs (a benchmark, not a test).

Three modes, each case in a fresh subprocess so that earlier cases never colour later
numbers:

- ``combine`` (the CLI in-process, reporting its own peak RSS): a 50 MB note; a YAML
  "billion laughs" alias bomb (9**9 values if expanded); a frontmatter just under the
  size limit (one long string, or as many keys as fit, YAML and TOML) and one of 50,000
  keys; 61 MB of flat YAML frontmatter and 11 MB of TOML (over the limit); a single 1 MB
  line and 1 MB of ``[``; nesting 2,000 to 50,000 levels deep (quotes, lists, emphasis,
  brackets); 1 MB of template tags, of shortcode openers, of HTML paragraphs, of
  unclosed ``<pre>`` blocks;
- ``keywords`` (the same way): about 1 MB of one-letter setext headings, or of emphasis
  (``*a*``, nested ``*a _b **c``), in a folder with one ordinary note: markdown-it's time
  goes by blocks and delimiters, and ``keywords`` parses each note twice; and the 61 MB
  YAML frontmatter in a folder (a vault's reading has its own path to the parser);
- ``reply`` (needs the ``llm`` extra): ``combine --llm`` on two small notes with a model
  that answers with something hostile (tests/llm_plugin.py's scripted model, run
  in-process): 200,000 sections, JSON nested 100,000 deep, a 100,000-digit number, eight
  strings of 30,000 ``[``, and an answer of 50 MB; each must be refused (exit 9) in time
  and memory that follow hatch's limits, not the answer's size;
- ``pairs``: ``hatch pairs VAULT --no-cache`` on ``--notes`` tiny notes (five words out of
  a vocabulary of 20), timed with its worker processes (summed RSS, ``_common.measure``):
  every note shares its strongest words with a quarter of the vault, and most have twins.

Run: python benchmarks/hostile.py [--mode combine|keywords|reply|pairs|all] [--repeat N]
                                  [--notes N] [--case TEXT]
(POSIX only: it needs ``resource``; ``--case`` runs only the cases whose name has TEXT.)
Numbers measured before and after issues 15 and 23 are in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
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
result = CliRunner().invoke(app, sys.argv[1:])
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


#: hatch's limit on a note's frontmatter (``notes.MAX_FRONTMATTER_BYTES``).
FRONTMATTER_LIMIT = 1024 * 1024


def flat_yaml(size: int) -> bytes:
    """A note whose YAML frontmatter is about ``size`` bytes of ``key: value`` lines."""
    lines = b"".join(b"k%07d: v\n" % n for n in range(size // 12))
    return b"---\n" + lines + b"---\nCuration text.\n"


def flat_toml(size: int) -> bytes:
    """A note whose TOML frontmatter is about ``size`` bytes of ``key = 'value'`` lines."""
    lines = b"".join(b"k%07d = 'v'\n" % n for n in range(size // 15))
    return b"+++\n" + lines + b"+++\nCuration text.\n"


def long_string(size: int) -> bytes:
    """A note whose YAML frontmatter is a title and one string, ``size`` bytes in all."""
    head = b"title: Long\nsummary: "
    return b"---\n" + head + b"x" * (size - len(head) - 1) + b"\n---\nCuration text.\n"


CASES: dict[str, Callable[[], bytes]] = {
    "50 MB note": lambda: big_note(50 * 1024 * 1024),
    "YAML alias bomb (9**9)": alias_bomb,
    "frontmatter string, under limit": lambda: long_string(FRONTMATTER_LIMIT - 1024),
    "YAML keys, under limit": lambda: flat_yaml(FRONTMATTER_LIMIT - 1024),
    "TOML keys, under limit": lambda: flat_toml(FRONTMATTER_LIMIT - 1024),
    "frontmatter, 50k keys": lambda: (
        b"---\n" + b"".join(b"k%05d: v\n" % n for n in range(50_000)) + b"---\nText.\n"
    ),
    "61 MB flat YAML frontmatter": lambda: flat_yaml(61_000_000),
    "11 MB TOML frontmatter": lambda: flat_toml(11_000_000),
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
    "1 MB of template tags": lambda: b"# Tags\n\n" + b"{% a %} word " * (1024 * 1024 // 13),
    "1 MB of shortcode openers": lambda: b"# Openers\n\n" + b"{{<" * (1024 * 1024 // 3),
    "1 MB of HTML paragraphs": lambda: b"# HTML\n\n" + b"<p>a word</p>\n" * (1024 * 1024 // 14),
    "1 MB of unclosed <pre>": lambda: b"# Pre\n\n" + b"<pre>\n\n" * (1024 * 1024 // 7),
}


KEYWORDS_CASES: dict[str, Callable[[], bytes]] = {
    "1 MB of setext headings": lambda: b"a\n=\n\n" * (1024 * 1024 // 5),
    "1 MB of setext, no blank": lambda: b"word\n---\n" * (1024 * 1024 // 9),
    "1 MB of emphasis *a*": lambda: b"*a*" * (1024 * 1024 // 3),
    "1 MB of nested emphasis": lambda: b"# Nested\n\n" + b"*a _b **c __d " * (1024 * 1024 // 14),
    "61 MB flat YAML in a vault": lambda: flat_yaml(61_000_000),
}
PAIRS_VOCABULARY = WORDS[:20]

# The scripted model answers the same hostile text to the first ask and to the one retry.
REPLY_CHILD = (
    r"""
import json, sys
sys.path.insert(0, sys.argv.pop(1))
from tests import llm_plugin
llm_plugin.register()
reply = open(sys.argv.pop(1), encoding="utf-8", errors="surrogatepass").read()
llm_plugin.SCRIPT.extend([{"text": reply}, {"text": reply}])
"""
    + CHILD
)


def _nested(depth: int) -> str:
    return '{"title": ' + "[" * depth + "]" * depth + "}"


REPLY_CASES: dict[str, Callable[[], str]] = {
    "reply: one short line (baseline)": lambda: "Sorry, I can't help with that.",
    "reply: 200,000 sections": lambda: json.dumps(
        {"title": "T", "sections": [{"heading": "h", "body": "b"}] * 200_000}
    ),
    "reply: JSON 100,000 deep": lambda: _nested(100_000),
    "reply: 100,000-digit number": lambda: '{"title": ' + "9" * 100_000 + "}",
    "reply: 8 strings of 30,000 [": lambda: json.dumps({"title": "T", "parts": ["[" * 30_000] * 8}),
    "reply: 50 MB of text": lambda: "word " * 10_000_000,
}


def run(name: str, args: list[str], size: int) -> dict[str, object]:
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, *args], capture_output=True, text=True, check=True, cwd=REPO
    )
    out: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    out["case"] = name
    out["input_mb"] = round(size / 1e6, 2)
    return out


def combine_case(name: str, data: bytes, folder: Path) -> dict[str, object]:
    note = folder / "hostile.md"
    note.write_bytes(data)
    other = folder / "other.md"
    other.write_text("# Other\n\nCuration and taste in a museum.\n", encoding="utf-8")
    return run(name, ["combine", str(note), str(other), "-f", "json"], len(data))


def keywords_case(name: str, data: bytes, folder: Path) -> dict[str, object]:
    vault = folder / "vault"
    vault.mkdir(exist_ok=True)
    (vault / "hostile.md").write_bytes(data)
    (vault / "other.md").write_text("# Other\n\nCuration and taste in a museum.\n")
    return run(name, ["keywords", str(vault), "--no-cache", "-f", "json"], len(data))


def reply_case(name: str, reply: str, folder: Path) -> dict[str, object]:
    """``combine --llm`` with the scripted model answering ``reply`` (twice)."""
    a, b = folder / "a.md", folder / "b.md"
    a.write_text("# Curation\n\nCuration is care for a collection.\n", encoding="utf-8")
    b.write_text("# Brands\n\nBrands curate taste for their visitors.\n", encoding="utf-8")
    script = folder / "reply.txt"
    script.write_text(reply, encoding="utf-8", errors="surrogatepass")
    args = ["combine", str(a), str(b), "--llm", "--model", "scripted", "-f", "json"]
    proc = subprocess.run(
        [sys.executable, "-c", REPLY_CHILD, str(REPO), str(script), *args],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    out: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    out["case"] = name
    out["input_mb"] = round(len(reply.encode("utf-8", "surrogatepass")) / 1e6, 2)
    return out


def pairs_case(notes: int, folder: Path) -> dict[str, object]:
    """``hatch pairs`` on ``notes`` tiny notes, its worker processes measured too."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from _common import hatch_command, measure

    rnd = random.Random(15)
    vault = folder / "dense"
    vault.mkdir()
    size = 0
    for number in range(notes):
        text = " ".join(rnd.sample(PAIRS_VOCABULARY, 5)) + ".\n"
        (vault / f"n{number:05d}.md").write_text(text, encoding="utf-8")
        size += len(text)
    command = [*hatch_command(), "pairs", str(vault), "--no-cache", "-f", "json"]
    # This checkout's hatch, whatever the current folder and the installed one.
    seconds, peak = measure(command, env={**os.environ, "PYTHONPATH": str(REPO)})
    return {
        "case": f"{notes:,} tiny notes, 20 words",
        "input_mb": round(size / 1e6, 2),
        "exit": 0,  # measure() exits on a failure
        "seconds": seconds,
        "peak_kib": peak // 1024,
    }


def best(runs: list[dict[str, object]]) -> dict[str, object]:
    return min(runs, key=lambda row: float(str(row["seconds"])))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--mode", choices=["combine", "keywords", "reply", "pairs", "all"], default="all"
    )
    parser.add_argument("--repeat", type=int, default=1, help="runs per case (best is shown)")
    parser.add_argument("--notes", type=int, default=50_000, help="notes of the pairs case")
    parser.add_argument("--case", default="", help="only the cases whose name has this text")
    args = parser.parse_args()
    repeat = max(1, args.repeat)
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if args.mode in ("combine", "all"):
            small = b"# Small\n\nCuration and taste.\n"
            rows.append(combine_case("baseline (two small notes)", small, folder))
            for name, make in CASES.items():
                if args.case not in name:
                    continue
                data = make()
                rows.append(best([combine_case(name, data, folder) for _ in range(repeat)]))
        if args.mode in ("keywords", "all"):
            for name, make in KEYWORDS_CASES.items():
                if args.case not in name:
                    continue
                data = make()
                rows.append(best([keywords_case(name, data, folder) for _ in range(repeat)]))
        if args.mode in ("reply", "all"):
            for name, make in REPLY_CASES.items():
                if args.case not in name:
                    continue
                reply = make()
                rows.append(best([reply_case(name, reply, folder) for _ in range(repeat)]))
        if args.mode in ("pairs", "all"):
            rows.append(pairs_case(args.notes, folder))
    print(f"{'case':32} {'input MB':>9} {'exit':>5} {'seconds':>8} {'peak RSS MiB':>13}")
    for row in rows:
        peak_mib = int(str(row["peak_kib"])) / 1024
        print(
            f"{row['case']!s:32} {row['input_mb']!s:>9} {row['exit']!s:>5} "
            f"{float(str(row['seconds'])):8.2f} {peak_mib:13.1f}"
        )
        if row["exit"] != 0:
            print(f"{'':32}   {row.get('stderr', '')}")


if __name__ == "__main__":
    main()
