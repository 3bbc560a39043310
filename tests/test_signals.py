"""SIGTERM and SIGINT end the whole run (issue 15): a ``hatch`` reading a vault big enough
for its process pool is signalled mid-run, the main process only, as ``timeout``, a CI
cancel or systemd do. It must exit 143 or 130 promptly, leave no process behind (its
workers held stdout open, so ``$(hatch …)`` hung), print nothing on stdout and write no
partial output file.

"Promptly" is a bound, not a measure (measures are in benchmarks/): every chunk of this
vault keeps a worker busy for seconds, so a run that waits for its workers to finish
their chunk fails it, and one that stops them passes with seconds to spare.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks._common import processes
from hatch_cli.errors import ExitCode
from hatch_cli.vault.workers import PARALLEL_MIN_NOTES
from tests.conftest import REPO

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc"),
]

#: Seconds within which a signalled run must have exited (the goal is one).
PROMPT = 3.0
SMALL = "# Note {n}\n\nA sea kayak {n} edges on its chine; brace with the paddle blade.\n"
#: 512 KiB of one-letter lines: about half a second of a worker's time in the first pass
#: of reading, and seconds in the second.
HEAVY = "# Heavy {n}\n\n" + "k\n" * (256 * 1024)


@pytest.fixture(scope="module")
def big_vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Over PARALLEL_MIN_NOTES notes, one in twenty heavy, spread over every chunk."""
    root = tmp_path_factory.mktemp("big-vault")
    for n in range(PARALLEL_MIN_NOTES + 40):
        text = HEAVY if n % 20 == 0 else SMALL
        (root / f"n{n:04}.md").write_text(text.format(n=n), encoding="utf-8")
    return root


def group_members(group: int) -> list[int]:
    """Live (not zombie) processes of a process group."""
    return [pid for pid, fields in processes() if int(fields[2]) == group and fields[0] != b"Z"]


def run_and_signal(command: list[str], signum: int, cwd: Path) -> tuple[int, str, str]:
    """Start hatch in its own session, wait until its workers run, signal the main
    process only; its exit code, stdout and stderr, once it has exited within
    ``PROMPT`` seconds and left no process of its group behind."""
    env = {**os.environ, "HATCH_NO_CACHE": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "hatch_cli", *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        cwd=cwd,
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while len(group_members(proc.pid)) < 2:  # the pool's workers are up
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "the pool never started"
            time.sleep(0.02)
        time.sleep(0.3)  # into the work
        os.kill(proc.pid, signum)
        try:
            proc.wait(timeout=PROMPT)
        except subprocess.TimeoutExpired:
            pytest.fail(f"still running {PROMPT} s after the signal")
        time.sleep(0.2)  # let the kernel deliver what it delivers on the main's death
        left = group_members(proc.pid)
        assert left == [], f"processes left behind: {left}"
        out, err = proc.communicate(timeout=10)
    finally:
        for pid in group_members(proc.pid):
            os.kill(pid, signal.SIGKILL)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return proc.returncode, out.decode(), err.decode()


@pytest.mark.parametrize(
    ("signum", "code", "line"),
    [
        (signal.SIGTERM, ExitCode.TERMINATED, "hatch: terminated\n"),
        (signal.SIGINT, ExitCode.INTERRUPTED, "hatch: interrupted\n"),
    ],
    ids=["SIGTERM", "SIGINT"],
)
def test_a_signal_ends_pairs_and_its_workers(big_vault, signum, code, line):
    returncode, out, err = run_and_signal(["pairs", str(big_vault)], signum, REPO)
    assert returncode == code
    assert out == ""
    assert err == line


def test_sigterm_leaves_no_output_file(big_vault, tmp_path):
    out = tmp_path / "ideas"
    idea = tmp_path / "idea.md"
    a, b = (str(big_vault / f"n{n:04}.md") for n in (1, 2))
    for command in (
        ["ideas", str(big_vault), "-o", str(out)],
        ["combine", a, b, "--vault", str(big_vault), "-o", str(idea)],
    ):
        returncode, stdout, err = run_and_signal(command, signal.SIGTERM, REPO)
        assert (returncode, stdout, err) == (ExitCode.TERMINATED, "", "hatch: terminated\n")
    assert not out.exists()
    assert sorted(path.name for path in tmp_path.iterdir()) == []
