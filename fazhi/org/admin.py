from django.contrib import admin

from fazhi.org.models import Agency, Region, Staff


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent")


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "short_name", "kind", "region", "is_legal_office")
    list_filter = ("kind", "region")
    search_fields = ("name", "code")


@admin.register(Staff)
class StaffAdmin(admin.ModelAdmin):
    list_display = ("display_name", "user", "agency", "roles")
    list_filter = ("agency",)
