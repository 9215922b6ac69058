"""Read-only admin: calendars are loaded with `fazhi calendar load` (services.load_year)."""

from django.contrib import admin

from fazhi.core.admin import ReadOnlyMixin
from fazhi.holidays.models import CalendarDay, CalendarYear


class CalendarDayInline(ReadOnlyMixin, admin.TabularInline):
    model = CalendarDay
    fields = ("date", "kind", "name")
    extra = 0


@admin.register(CalendarYear)
class CalendarYearAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("year", "source", "loaded_at", "loaded_by")
    inlines = [CalendarDayInline]


@admin.register(CalendarDay)
class CalendarDayAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("date", "kind", "name", "year")
    list_filter = ("kind", "year")
    date_hierarchy = "date"
