"""Every public page in a real browser: at desktop and phone widths, under the site's own
Content-Security-Policy, and through axe-core's WCAG 2.1 A and AA rules."""

import pytest
from django.core.management import call_command

from tests.conftest import PROJECT_DIR, require_tool

AXE = PROJECT_DIR / "node_modules" / "axe-core" / "axe.min.js"
FIXTURES = sorted(str(path) for path in (PROJECT_DIR / "fixtures").glob("*.json"))
PAGES = {
    "home": "/",
    "work-plans": "/work-plans/",
    "work-plan": "/work-plans/work-plan-2016-17/",
    "work-plan-filtered": "/work-plans/work-plan-2016-17/?status=not_started&status=completed",
    "priority": "/work-plans/work-plan-2016-17/priorities/following-the-money-outcomes/",
    "meetings": "/meetings/",
    "meeting": "/meetings/second-annual-meeting-2016/",
    "forums": "/forums/",
    "forum": "/forums/following-the-money-forum-2016/",
    "not-found": "/no-such-page/",
}
# 320 px is the narrowest phone, and what a 1280 px window shows at 400 % zoom.
WIDTHS = {"desktop": 1280, "phone": 375, "narrowest": 320}
AXE_RUN = """() => axe.run(document, {
    runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
}).then(results => results.violations
    .filter(violation => ["serious", "critical"].includes(violation.impact))
    .map(violation => [violation.id, violation.nodes.map(node => node.target.join(" "))]))"""


@pytest.fixture
def seeded_site(transactional_db):
    call_command("loaddata", *FIXTURES, verbosity=0)


@pytest.mark.browser
def test_it_renders_every_page_cleanly_at_desktop_and_phone_widths(
    chromium, live_server, seeded_site, artifacts_dir
):
    folder = artifacts_dir / "screenshots"
    folder.mkdir(exist_ok=True)
    problems, console_errors = [], []

    for width_name, width in WIDTHS.items():
        context = chromium.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        # A page that breaks the Content-Security-Policy or a script says so in the console.
        page.on(
            "console",
            lambda message: message.type == "error" and console_errors.append(message.text),
        )
        for name, path in PAGES.items():
            response = page.goto(live_server.url + path)
            page.screenshot(path=folder / f"{name}-{width_name}.png", full_page=True)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            status = 404 if name == "not-found" else 200
            if (response.status, overflow) != (status, 0):
                problems.append((name, width_name, response.status, overflow))
        context.close()

    assert problems == []
    # The not-found page's own status is the only error the console may report.
    assert [error for error in console_errors if "404" not in error] == []


@pytest.mark.browser
def test_it_has_no_serious_accessibility_violation_on_any_page(chromium, live_server, seeded_site):
    require_tool(AXE.exists(), "axe-core (npm package 'axe-core')")
    axe_source = AXE.read_text()
    violations = {}

    for width_name, width in WIDTHS.items():
        # The checker is injected into the page: the site's strict CSP would refuse it.
        context = chromium.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
        page = context.new_page()
        for name, path in PAGES.items():
            page.goto(live_server.url + path)
            page.add_script_tag(content=axe_source)
            found = page.evaluate(AXE_RUN)
            if found:
                violations[f"{name}-{width_name}"] = found
        context.close()

    assert violations == {}
