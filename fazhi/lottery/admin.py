"""Read-only admin: lottery changes go through the command modules (and their hash-chained history)."""

from django.contrib import admin

from fazhi.core.admin import ReadOnly
from fazhi.lottery.models import Appeal, Lottery, Selection


@admin.register(Lottery)
class LotteryAdmin(ReadOnly):
    list_display = ("title", "round_no", "attempt", "agency", "state", "draw_at")
    list_filter = ("state", "recurrence")
    search_fields = ("title",)
    exclude = ("pool_file",)  # can be millions of lines


@admin.register(Selection)
class SelectionAdmin(ReadOnly):
    list_display = ("lottery", "pool", "kind", "rank", "code", "status")
    list_filter = ("kind", "status")


@admin.register(Appeal)
class AppealAdmin(ReadOnly):
    list_display = ("lottery", "code", "status", "submitted_at")
