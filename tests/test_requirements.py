"""The project's declared packages are pinned where the runtime installs from."""

import re
from pathlib import Path

REQUIREMENTS = Path(__file__).resolve().parent.parent / "requirements.txt"
DECLARED = {"django", "django-filter", "djangorestframework", "psycopg2-binary", "pytest-django"}


def pins(path):
    found = {}
    for line in path.read_text().splitlines():
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)==([0-9][^\s#]*)", line.split("#")[0].strip())
        if match:
            found[match[1].lower().replace("_", "-")] = match[2]
    return found


def test_it_pins_each_declared_package_in_requirements_txt():
    pinned = pins(REQUIREMENTS)

    assert {name for name in DECLARED if name in pinned} == DECLARED
