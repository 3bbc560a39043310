"""Commands that read a whole folder of notes: ``hatch pairs`` and ``hatch keywords``.

They register on the same Typer ``app`` as ``combine``; see ``cli.py`` for the shared
error handling (``one_door_out``) and output helpers.
"""

from __future__ import annotations
