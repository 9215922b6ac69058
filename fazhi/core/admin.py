"""Admin building blocks. Records change only through services and the engine, so most
admin pages are read-only views of them."""

from django.contrib import admin

from fazhi.core.models import Checkpoint, Event

# The admin's own titles, instead of "Django administration"
admin.site.site_header = admin.site.site_title = "法治 Fazhi 系统配置"
admin.site.index_title = "配置与记录"


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnly(ReadOnlyMixin, admin.ModelAdmin):
    """A model admin that shows records but never adds, edits or deletes them."""


@admin.register(Event)
class EventAdmin(ReadOnly):
    list_display = ("id", "kind", "owner_id", "seq", "action", "actor", "at")
    list_filter = ("kind",)


@admin.register(Checkpoint)
class CheckpointAdmin(ReadOnly):
    list_display = ("upto_event_id", "event_count", "root", "created_at")
