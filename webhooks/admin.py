from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils import timezone

from webhooks.events import event_type_choices
from webhooks.models import Attempt, Delivery, WebhookSubscription
from webhooks.tasks import redeliver


def show_secrets(request, model_admin, subscriptions, title):
    """The one page that shows secrets: after creation and after rotation, never again."""
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "opts": model_admin.model._meta,
        "subscriptions": subscriptions,
    }
    response = TemplateResponse(request, "admin/webhooks/secrets.html", context)
    response["Cache-Control"] = "no-store"
    return response


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    list_display = ("url", "description", "is_active", "events", "failing_since", "switched_off")
    list_filter = ("is_active",)
    search_fields = ("url", "description")
    readonly_fields = (
        "secret_status",
        "failing_since",
        "disabled_reason",
        "created_at",
        "updated_at",
    )
    fieldsets = (
        (None, {"fields": ("url", "description", "event_types", "is_active")}),
        (
            "Signing",
            {
                "description": (
                    "The secret is shown once, when the subscription is created or its "
                    "secret rotated. To replace it, use the action “Rotate the secret”."
                ),
                "fields": ("secret_status",),
            },
        ),
        ("Health", {"fields": ("failing_since", "disabled_reason")}),
        ("Record", {"fields": ("created_at", "updated_at")}),
    )
    actions = ["rotate_secret"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "url":
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description="events")
    def events(self, subscription):
        labels = dict(event_type_choices())
        return ", ".join(labels.get(name, name) for name in subscription.event_types)

    @admin.display(description="why switched off")
    def switched_off(self, subscription):
        return "" if subscription.is_active else subscription.disabled_reason

    @admin.display(description="secret")
    def secret_status(self, subscription):
        if subscription.pk is None:
            return "Made when the subscription is saved, and shown once."
        status = f"Set on {timezone.localtime(subscription.secret_created_at):%d %b %Y %H:%M}."
        now = timezone.now()
        if subscription.previous_secret and subscription.previous_secret_expires_at > now:
            until = timezone.localtime(subscription.previous_secret_expires_at)
            status += f" The previous secret also signs calls until {until:%d %b %Y %H:%M}."
        return status

    def save_model(self, request, obj, form, change):
        if change and "is_active" in form.changed_data and obj.is_active:
            # Switched on again: its failing streak starts afresh.
            obj.failing_since, obj.disabled_reason = None, ""
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        return show_secrets(request, self, [obj], "Webhook subscription created")

    @admin.action(
        description="Rotate the secret of the selected subscriptions", permissions=["change"]
    )
    def rotate_secret(self, request, queryset):
        rotated = list(queryset)
        for subscription in rotated:
            subscription.rotate_secret()
            self.log_change(request, subscription, "Rotated the secret.")
        return show_secrets(request, self, rotated, "New secrets")


class AttemptInline(admin.TabularInline):
    model = Attempt
    fields = ("number", "started_at", "status_code", "duration_ms", "error", "response_excerpt")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """The delivery log: what was sent to whom, how it went, and redelivery."""

    list_display = (
        "message_id",
        "event_type",
        "record",
        "subscription",
        "status",
        "attempts",
        "last_status_code",
        "last_duration_ms",
        "next_attempt_at",
        "created_at",
    )
    list_filter = ("status", "subscription", "event_type")
    list_select_related = ("subscription",)
    search_fields = ("message_id", "record")
    date_hierarchy = "created_at"
    fields = (
        "message_id",
        "subscription",
        "event_type",
        "record",
        "status",
        "attempts",
        "next_attempt_at",
        "last_attempt_at",
        "last_status_code",
        "last_duration_ms",
        "last_error",
        "created_at",
        "body",
    )
    readonly_fields = fields
    inlines = [AttemptInline]
    actions = ["redeliver_selected"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_redeliver_permission(self, request):
        return request.user.has_perm("webhooks.change_delivery")

    @admin.action(description="Redeliver the selected deliveries", permissions=["redeliver"])
    def redeliver_selected(self, request, queryset):
        count = redeliver(queryset)
        skipped = len(queryset) - count
        message = f"{count} {'delivery' if count == 1 else 'deliveries'} queued again."
        if skipped:
            message += f" {skipped} still pending or sending were left as they are."
        self.message_user(request, message, messages.SUCCESS)
