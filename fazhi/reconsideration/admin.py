"""The expert pool is kept by the operator in the admin (its code order is the published
candidate list of every committee draw); cases change only through the engine."""

from django.contrib import admin

from fazhi.reconsideration.models import Expert


@admin.register(Expert)
class ExpertAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "field", "active", "user")
    raw_id_fields = ("user",)
    list_filter = ("active", "field")
    search_fields = ("code", "name")
