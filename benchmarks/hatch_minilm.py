#!/usr/bin/env python3
"""``hatch`` with the benchmark-only MiniLM embedding model registered (``minilm_plugin``).

Usage: python benchmarks/hatch_minilm.py ARGS...   (the same arguments as ``hatch``)

``HATCH_EXTRA_ARGS`` (split like a shell line) is added after the arguments: how
``pairs_quality.py --embed`` passes ``--embed-model minilm --embed-weight W`` through the
evaluator, which builds the rest of the command itself.
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import minilm_plugin
from llm.plugins import pm

pm.register(minilm_plugin, name="hatch-bench-minilm")

from hatch_cli.cli import main  # noqa: E402

sys.argv += shlex.split(os.environ.get("HATCH_EXTRA_ARGS", ""))
main()
