"""Committees and their mediators are kept by the operator in the admin (a mediator leaving
is made inactive, never deleted: past mediations name them); mediations change only through
the engine, so they are read-only here."""

from django.contrib import admin

from fazhi.core.admin import ReadOnly
from fazhi.mediation.models import Committee, Mediation, Mediator


class MediatorInline(admin.TabularInline):
    model = Mediator
    extra = 1
    can_delete = False


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "host")
    list_filter = ("kind",)
    search_fields = ("name",)
    inlines = [MediatorInline]


@admin.register(Mediation)
class MediationAdmin(ReadOnly):
    list_display = ("case", "subject", "committee", "source", "campaign")
    list_filter = ("source", "committee")
