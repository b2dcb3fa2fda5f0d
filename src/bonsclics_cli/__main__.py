"""Run the command line as ``python -m bonsclics_cli``."""

from bonsclics_cli.cli.app import main

if __name__ == "__main__":  # not when a worker process re-imports this module
    main()
