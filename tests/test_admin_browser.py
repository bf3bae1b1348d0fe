"""The secretariat's main workflow in a real headless Chromium, under the strict CSP.

It also takes the screenshots of docs/secretariat.md, so the guide never goes stale.
"""

import re
from pathlib import Path

import pytest

from tests.factories import OrganisationFactory, PriorityFactory, WorkPlanFactory
from tests.officers import authenticator_of, code_of, secretariat_officer
from workplan.models import PriorityUpdate

IMAGES = Path(__file__).resolve().parent.parent / "docs" / "images"
PASSWORD = "kept-current-2016"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def work_plan():
    plan = WorkPlanFactory(title="Work Plan 2016–17", slug="work-plan-2016-17")
    titles = [
        "Expanding the promotion and use of the Bali Process policy guides.",
        "Developing guidance tools on indicators of trafficking for law and justice officials.",
        "Sharing information on trafficking cases and trends.",
    ]
    agency = OrganisationFactory(
        name="Regional Support Office", kind="regional_office", member=None
    )
    return [
        PriorityFactory(
            workplan=plan, order=n, title=title, slug=f"priority-{n}", lead_organisation=agency
        )
        for n, title in enumerate(titles, start=1)
    ]


@pytest.fixture
def officer():
    # Transactional tests flush the groups the migration made: the helper grants the
    # secretariat's permissions on the user itself.
    user = secretariat_officer(username="amara", password=PASSWORD)
    user.first_name, user.last_name = "Amara", "Perera"
    user.save()
    authenticator_of(user)
    return user


def shoot(page_or_element, name):
    IMAGES.mkdir(parents=True, exist_ok=True)
    page_or_element.screenshot(path=IMAGES / name)


def test_it_updates_a_priority_from_the_list_and_shows_it_on_the_timeline(
    live_server, browser_page, officer, work_plan
):
    page = browser_page
    # Wide enough for every column of the priority list in the guide's screenshots.
    page.set_viewport_size({"width": 1600, "height": 1000})
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    first, second, third = work_plan

    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", "amara")
    page.fill("#id_password", PASSWORD)
    shoot(page, "sign-in.png")
    page.click("input[type=submit]")
    page.fill("#id_otp_token", code_of(officer.totpdevice_set.get()))
    page.click("button[type=submit]")
    page.wait_for_selector("#user-tools")

    page.goto(f"{live_server.url}/admin/workplan/priority/")
    page.select_option("#id_form-0-status", "in_progress")
    page.fill("#id_form-0-progress", "40")
    shoot(page, "priority-list.png")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")

    page.check(f"input[name=_selected_action][value='{second.pk}']")
    page.check(f"input[name=_selected_action][value='{third.pk}']")
    page.select_option("select[name=action]", "mark_completed")
    shoot(page, "bulk-action.png")
    page.click("button[name=index]")
    message = page.text_content(".messagelist .success")

    page.click(f"text={first.title}")
    page.wait_for_selector("#timeline")
    page.fill("#id_progress", "60")
    page.fill("#id_note", "Guide translated into Thai; workshop held in Bangkok.")
    shoot(page.locator("fieldset:has(#id_note)"), "priority-change.png")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    shoot(page.locator("#timeline"), "priority-timeline.png")
    timeline = [
        [cell.strip() for cell in row.locator("td").all_inner_texts()]
        for row in page.locator("#timeline tbody tr").all()
    ]

    assert message.strip() == "2 priorities marked as completed."
    # As of, recorded, recorded by, change, reported at, note.
    assert [row[2:] for row in timeline] == [
        [
            "Amara Perera",
            "In progress 40% → In progress 60%",
            "",
            "Guide translated into Thai; workshop held in Bangkok.",
        ],
        ["Amara Perera", "Not started 0% → In progress 40%", "", ""],
    ]
    assert all(re.fullmatch(r"\d{1,2} \w+ \d{4}", row[0]) for row in timeline)
    assert all(re.fullmatch(r"\d{1,2} \w+ \d{4}, \d\d:\d\d", row[1]) for row in timeline)
    assert sorted(
        PriorityUpdate.objects.values_list(
            "priority__order", "new_status", "new_progress", "author"
        )
    ) == [
        (1, "in_progress", 40, officer.pk),
        (1, "in_progress", 60, officer.pk),
        (2, "completed", 100, officer.pk),
        (3, "completed", 100, officer.pk),
    ]
    assert refused == []
