"""``python -m hatch_cli`` runs the same app as the ``hatch`` command. Guarded, so that a
process that imports this module (a spawned worker re-importing ``__main__``) does not run
hatch again."""

from hatch_cli.cli import main

if __name__ == "__main__":
    main()
