"""The two roles of the admin, and the command that creates a secretariat officer."""

import pytest
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.factories import (
    ActionItemFactory,
    MeetingFactory,
    MemberFactory,
    ParticipantFactory,
    PresentationFactory,
    PriorityUpdateFactory,
    ProcessFactory,
    SourceFactory,
    UserFactory,
)
from workplan.models import Priority, PriorityUpdate

pytestmark = pytest.mark.django_db

APPS = ("meetings", "forums", "workplan")
MODELS = [
    "meetings.process",
    "meetings.member",
    "meetings.organisation",
    "meetings.source",
    "meetings.workinggroup",
    "meetings.meeting",
    "forums.forum",
    "forums.participant",
    "forums.presentation",
    "workplan.workplan",
    "workplan.priority",
    "workplan.actionitem",
    "workplan.priorityupdate",
]


def codenames(group_name):
    return set(
        Group.objects.get(name=group_name).permissions.values_list(
            "content_type__app_label", "codename"
        )
    )


def one_of_each():
    """A record of every model, linked together as in real data: {"app.model": object}."""
    update = PriorityUpdateFactory()
    participant = ParticipantFactory(member=MemberFactory(), organisation=None)
    presentation = PresentationFactory(forum=participant.forum)
    priority = update.priority
    source = SourceFactory()
    update.sources.add(source)
    records = [
        ProcessFactory(),
        participant.member,
        presentation.organisations.get(),
        source,
        priority.workplan.working_group,
        MeetingFactory(),
        participant.forum,
        participant,
        presentation,
        priority.workplan,
        priority,
        ActionItemFactory(priority=priority),
        update,
    ]
    return {record._meta.label_lower: record for record in records}


def admin_url(record, view):
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[record.pk])


def test_it_registers_every_model_of_the_three_apps():
    registered = sorted(
        m._meta.label_lower for m in admin.site._registry if m._meta.app_label in APPS
    )

    assert registered == sorted(MODELS)


def test_it_gives_the_secretariat_everything_but_deleting_history():
    expected = set()
    for label in MODELS:
        app, model = label.split(".")
        expected.add((app, f"view_{model}"))
        if model != "priorityupdate":
            expected |= {(app, f"add_{model}"), (app, f"change_{model}")}
    expected |= {("forums", "delete_participant"), ("forums", "delete_presentation")}
    # Webhook subscriptions are kept, and deliveries redelivered (changed), by the secretariat.
    expected |= {
        ("webhooks", f"{action}_webhooksubscription")
        for action in ("view", "add", "change", "delete")
    }
    expected |= {
        ("webhooks", "view_delivery"),
        ("webhooks", "change_delivery"),
        ("webhooks", "view_attempt"),
    }

    assert codenames("Secretariat") == expected


def test_it_gives_viewers_view_only():
    webhooks = {"webhooks.webhooksubscription", "webhooks.delivery", "webhooks.attempt"}

    assert codenames("Viewers") == {
        (label.split(".")[0], f"view_{label.split('.')[1]}") for label in [*MODELS, *webhooks]
    }


def test_it_lets_a_viewer_read_every_admin_page(client):
    client.force_login(UserFactory(groups=["Viewers"]))
    records = one_of_each()
    urls = [reverse("admin:index")]
    urls += [reverse("admin:app_list", args=[app]) for app in APPS]
    for record in records.values():
        opts = record._meta
        urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        urls += [admin_url(record, "change"), admin_url(record, "history")]

    statuses = {url: client.get(url).status_code for url in urls}

    assert statuses == dict.fromkeys(urls, 200)


def test_it_shows_a_viewer_no_way_to_change_anything(client):
    client.force_login(UserFactory(groups=["Viewers"]))
    priority = one_of_each()["workplan.priority"]

    changelist = client.get(reverse("admin:workplan_priority_changelist"))
    change_page = client.get(admin_url(priority, "change"))

    assert (changelist.context["cl"].formset, changelist.context["action_form"]) == (None, None)
    assert change_page.context["has_change_permission"] is False
    assert 'name="note"' not in change_page.content.decode()


def test_it_refuses_every_change_by_a_viewer_and_writes_nothing(client):
    client.force_login(UserFactory(groups=["Viewers"]))
    records = one_of_each()
    priority = records["workplan.priority"]
    before = list(Priority.objects.values_list("pk", "title", "status", "progress"))
    changelist = reverse("admin:workplan_priority_changelist")
    posts = {
        "change form": (
            admin_url(priority, "change"),
            {"title": "Changed", "status": "completed", "initial-status": "not_started"},
        ),
        "list edit": (
            changelist,
            {
                "form-TOTAL_FORMS": 1,
                "form-INITIAL_FORMS": 1,
                "form-0-id": priority.pk,
                "form-0-status": "completed",
                "initial-form-0-status": "not_started",
                "form-0-progress": 100,
                "initial-form-0-progress": 0,
                "_save": "Save",
            },
        ),
        "bulk action": (
            changelist,
            {"action": "mark_completed", "_selected_action": [priority.pk], "index": 0},
        ),
        "add": (reverse("admin:workplan_priority_add"), {"title": "New"}),
    }
    for label, record in records.items():
        posts[f"change {label}"] = (admin_url(record, "change"), {})
        posts[f"delete {label}"] = (admin_url(record, "delete"), {"post": "yes"})
        posts[f"bulk delete {label}"] = (
            reverse(f"admin:{label.replace('.', '_')}_changelist"),
            {"action": "delete_selected", "_selected_action": [record.pk], "post": "yes"},
        )

    counts = {label: type(record).objects.count() for label, record in records.items()}

    statuses = {name: client.post(url, data).status_code for name, (url, data) in posts.items()}

    assert statuses == dict.fromkeys(posts, 403)
    assert list(Priority.objects.values_list("pk", "title", "status", "progress")) == before
    assert {label: type(record).objects.count() for label, record in records.items()} == counts
    assert (PriorityUpdate.objects.count(), LogEntry.objects.count()) == (1, 0)


def test_it_lets_the_secretariat_delete_only_where_no_history_is_lost(client):
    client.force_login(UserFactory(groups=["Secretariat"]))
    records = one_of_each()

    statuses = {
        label: client.get(admin_url(record, "delete")).status_code
        for label, record in records.items()
    }

    assert statuses == {
        label: 200 if label in {"forums.participant", "forums.presentation"} else 403
        for label in MODELS
    }


def test_it_lets_the_secretariat_remove_a_participant(client):
    client.force_login(UserFactory(groups=["Secretariat"]))
    participant = ParticipantFactory()

    response = client.post(admin_url(participant, "delete"), {"post": "yes"})

    assert (response.status_code, type(participant).objects.count()) == (302, 0)


def test_it_creates_a_secretariat_user_with_the_password_from_the_environment(monkeypatch):
    monkeypatch.setenv("SECRETARIAT_PASSWORD", "kept-current-2016")

    call_command("create_secretariat_user", "somchai", "--email", "somchai@example.org")

    user = User.objects.get(username="somchai")
    assert (
        user.email,
        user.is_staff,
        user.is_superuser,
        list(user.groups.values_list("name", flat=True)),
    ) == (
        "somchai@example.org",
        True,
        False,
        ["Secretariat"],
    )
    assert user.check_password("kept-current-2016")


def test_it_asks_for_the_password_twice(monkeypatch):
    monkeypatch.delenv("SECRETARIAT_PASSWORD", raising=False)
    prompts = []
    monkeypatch.setattr(
        "getpass.getpass", lambda prompt: prompts.append(prompt) or "kept-current-2016"
    )

    call_command("create_secretariat_user", "somchai")

    assert prompts == ["Password: ", "Password (again): "]
    assert User.objects.get(username="somchai").check_password("kept-current-2016")


def test_it_refuses_two_different_passwords(monkeypatch):
    monkeypatch.delenv("SECRETARIAT_PASSWORD", raising=False)
    answers = iter(["kept-current-2016", "kept-current-2017"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))

    with pytest.raises(CommandError, match=r"^The two passwords differ\.$"):
        call_command("create_secretariat_user", "somchai")

    assert not User.objects.exists()


def test_it_refuses_a_weak_password(monkeypatch):
    monkeypatch.setenv("SECRETARIAT_PASSWORD", "secret")

    with pytest.raises(CommandError) as refused:
        call_command("create_secretariat_user", "somchai")

    assert str(refused.value) == (
        "The password was refused: This password is too short. It must contain at least "
        "12 characters. This password is too common."
    )
    assert not User.objects.exists()


def test_it_refuses_an_existing_username(monkeypatch):
    monkeypatch.setenv("SECRETARIAT_PASSWORD", "kept-current-2016")
    UserFactory(username="somchai", groups=["Viewers"])

    with pytest.raises(CommandError, match=r"^A user named 'somchai' already exists\.$"):
        call_command("create_secretariat_user", "somchai")

    assert list(User.objects.get().groups.values_list("name", flat=True)) == ["Viewers"]
