from django.db import models
from django.utils import timezone


class DataVersion(models.Model):
    """One row: a counter raised by every write to the synced apps, and when it was raised.

    It lives in the database so that every worker and every machine reads the same value,
    and is raised inside the writer's transaction, so a reader never sees new data with an
    old version.
    """

    n = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        verbose_name = "data version"
        verbose_name_plural = "data version"

    def __str__(self):
        return f"version {self.n} ({self.changed_at:%Y-%m-%d %H:%M:%S})"


class Deletion(models.Model):
    """A record deleted from a synced app, kept so that partners' mirrors can drop it too."""

    model = models.CharField(
        max_length=100, help_text='"app_label.model_name", e.g. "workplan.priority".'
    )
    object_id = models.PositiveBigIntegerField()
    deleted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["deleted_at", "id"]
        # Partners read deletions since a time, page by page in this order.
        indexes = [models.Index(fields=["deleted_at", "id"], name="sync_deletion_since")]
        verbose_name = "deletion"
        verbose_name_plural = "deletions"

    def __str__(self):
        return f"{self.model} {self.object_id} deleted {self.deleted_at:%Y-%m-%d %H:%M:%S}"
