"""Run the command line as ``python -m bonsclics_cli``."""

from bonsclics_cli.cli.app import main

main()
