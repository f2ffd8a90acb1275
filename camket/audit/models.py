"""Append-only audit trail: who changed what, when, from what to what (C15)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("audit events are append-only")

    def delete(self):
        raise PermissionError("audit events are append-only")

    def about(self, obj) -> AuditEventQuerySet:
        """Rows about ``obj`` itself or recorded under it as their subject (e.g. its events)."""
        key = subject_key(obj)
        return self.filter(models.Q(object_key=key) | models.Q(subject_key=key))


class AuditEvent(models.Model):
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("by"),
    )
    # The actor's identity as it was when they acted: kept when the user row is deleted later.
    actor_username = models.CharField(_("username"), max_length=150, blank=True)
    actor_name = models.CharField(_("name"), max_length=300, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    action = models.CharField(_("action"), max_length=64)
    object_key = models.CharField(max_length=80, db_index=True)
    object_repr = models.CharField(_("record"), max_length=300)
    subject_key = models.CharField(max_length=80, db_index=True, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("audit events are append-only")

    @property
    def actor_label(self) -> str:
        """Who acted: the full name (or username) snapshot taken then, "system" when nobody."""
        if self.actor_name:
            return self.actor_name
        if self.actor_username:
            return self.actor_username
        return str(self.actor) if self.actor_id else gettext("system")

    def changed_fields(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for each field whose value differs."""
        before, after = self.before or {}, self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


def subject_key(obj) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"
