"""``python -m hatch_cli`` runs the same app as the ``hatch`` command."""

from hatch_cli.cli import main

main()
