"""Let `python -m generator` run the `minka` command."""

from .cli import run

run()
