"""The seed data, for the tests that check an output against the source document."""

from pathlib import Path

from django.core.management import call_command

FIXTURES = sorted(str(path) for path in (Path(__file__).parent.parent / "fixtures").glob("*.json"))


def load_seed():
    call_command("loaddata", *FIXTURES, verbosity=0)
