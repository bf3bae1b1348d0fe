"""The priorities' and action items' lists on a 1280-pixel laptop screen, in a real headless
Chromium under the strict CSP: long titles stay a few lines high, and status, progress and
the last update are in view without scrolling sideways."""

import pytest

from tests.factories import (
    ActionItemFactory,
    MemberFactory,
    OrganisationFactory,
    PriorityFactory,
    WorkPlanFactory,
)
from tests.officers import authenticator_of, code_of, secretariat_officer
from workplan.services import record_action_item_update, record_priority_update

PASSWORD = "kept-current-2016"
LONG = (
    "Example: strengthening the capacity of law and justice officials across the region to "
    "identify, investigate and prosecute trafficking in persons cases, including through "
    "regional workshops, guidance tools and the exchange of information on trends"
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def long_records():
    plan = WorkPlanFactory(title="Example Forward Work Plan of the Working Group 2026–27")
    member = MemberFactory(name="Example member state with a long name")
    agency = OrganisationFactory(
        name="Example Ministry of Foreign Affairs and International Cooperation", member=member
    )
    for order in range(1, 6):
        priority = PriorityFactory(
            workplan=plan, order=order, title=f"{LONG} ({order})", lead_organisation=agency
        )
        record_priority_update(priority=priority, status="in_progress", progress=20)
        item = ActionItemFactory(
            priority=priority,
            order=1,
            title=f"{LONG}, item {order}",
            lead_members=[member],
            lead_organisations=[agency],
        )
        record_action_item_update(action_item=item, status="in_progress", progress=30)


def sign_in(page, live_server):
    user = secretariat_officer(username="amara", password=PASSWORD)
    device = authenticator_of(user)
    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", "amara")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.fill("#id_otp_token", code_of(device))
    page.click("button[type=submit]")
    page.wait_for_selector("#user-tools")


LAYOUT = """() => {
  const row = document.querySelector('#result_list tbody tr');
  const box = (selector) => row.querySelector(selector).getBoundingClientRect();
  // The lines the title's link takes (its line boxes), whatever the row's height.
  const title = row.querySelector('.field-title a');
  return {
    pageWidth: document.documentElement.scrollWidth,
    status: box('.field-status select').right,
    progress: box('.field-progress input').right,
    lastUpdate: box('.field-last_update_at').right,
    titleLines: title.getClientRects().length,
  };
}"""


@pytest.mark.parametrize("changelist", ["priority", "actionitem"])
def test_a_changelist_fits_a_laptop_screen_with_every_state_column_in_view(
    live_server, browser_page, long_records, changelist
):
    page = browser_page
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    sign_in(page, live_server)

    page.goto(f"{live_server.url}/admin/workplan/{changelist}/")
    layout = page.evaluate(LAYOUT)
    page.click("#result_list tbody tr .field-title a")
    page.wait_for_selector("#timeline")
    title_widget = page.eval_on_selector("#id_title", "element => element.tagName")

    assert page.viewport_size["width"] == 1280
    assert layout["pageWidth"] <= 1280, layout
    assert max(layout["status"], layout["progress"], layout["lastUpdate"]) <= 1280, layout
    # A title of 260 characters took 15 lines in the stock layout.
    assert layout["titleLines"] <= 8, layout
    assert title_widget == "TEXTAREA"
    assert refused == []
