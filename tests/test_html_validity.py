import shutil
import subprocess

import pytest

from tests.conftest import PROJECT_DIR, require_tool
from tests.sample_site import build_sample_site

VNU_JAR = PROJECT_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.mark.django_db
def test_it_serves_pages_in_which_the_nu_html_checker_finds_no_error(client, artifacts_dir):
    java = shutil.which("java")
    require_tool(java, "Java (Debian package 'default-jre-headless')")
    require_tool(VNU_JAR.exists(), "The Nu HTML Checker (npm package 'vnu-jar')")
    urls = build_sample_site()
    folder = artifacts_dir / "html"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()

    files, statuses = [], []
    for number, url in enumerate(urls, start=1):
        response = client.get(url)
        statuses.append(response.status_code)
        # The raw body as served, not a browser's re-serialisation of it.
        path = folder / f"{number:02d}.html"
        path.write_bytes(response.content)
        files.append(str(path))
    # One JVM for every page: starting it costs seconds.
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", *files],
        capture_output=True,
        text=True,
        check=False,
    )

    assert statuses == [200] * (len(urls) - 1) + [404]
    assert (result.returncode, result.stderr) == (0, "")
