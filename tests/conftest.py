import pytest
from django.core.management import call_command


@pytest.fixture(scope="session", autouse=True)
def collected_static():
    """Production settings serve hashed static files from the manifest: build it once."""
    call_command("collectstatic", interactive=False, verbosity=0)
