"""Read-only admin: citizen accounts (no number stored), ratings, and the audit of staff
person lookups."""

from django.contrib import admin

from fazhi.citizens.models import Citizen, PersonLookup, Rating
from fazhi.core.admin import ReadOnly


@admin.register(Citizen)
class CitizenAdmin(ReadOnly):
    list_display = ("user", "kind", "display_name", "id_tail", "method", "verified_at")
    exclude = ("party_key", "keys")


@admin.register(Rating)
class RatingAdmin(ReadOnly):
    list_display = ("case", "score", "rated_at")
    list_filter = ("score",)


@admin.register(PersonLookup)
class PersonLookupAdmin(ReadOnly):
    list_display = ("at", "staff_label", "agency_id", "id_tail", "reason", "shown")
    exclude = ("party_key",)
