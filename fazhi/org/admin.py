from django import forms
from django.contrib import admin

from fazhi.core.forms import IdentifierField, add_text_rules
from fazhi.org.models import Agency, Region, Staff


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent")


AGENCY_FIELDSETS = [
    (None, {"fields": ("code", "name", "short_name", "kind", "region", "is_legal_office")}),
    ("联系方式（公开于“机关联系方式”页面）", {
        "fields": ("address", "postcode", "phone", "fax", "email", "hours")}),
    ("政府信息公开工作机构（与机关相同的项留空）", {
        "fields": ("disclosure_office", "disclosure_address", "disclosure_phone",
                   "disclosure_fax", "disclosure_email")}),
]


class AgencyForm(forms.ModelForm):
    """Telephone, fax and postcode are identifiers typed by people: NFKC first, so a
    full-width ０５９２－… is stored as 0592-…; free text refuses control characters."""

    IDENTIFIERS = ("postcode", "phone", "fax", "disclosure_phone", "disclosure_fax")

    class Meta:
        model = Agency
        fields = [name for _, options in AGENCY_FIELDSETS for name in options["fields"]]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.IDENTIFIERS:
            model_field = Agency._meta.get_field(name)
            self.fields[name] = IdentifierField(
                label=model_field.verbose_name, required=False,
                max_length=model_field.max_length, validators=model_field.validators,
                help_text=model_field.help_text)
        add_text_rules(self)


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    form = AgencyForm
    list_display = ("code", "name", "short_name", "kind", "region", "phone", "is_legal_office")
    list_filter = ("kind", "region")
    search_fields = ("name", "code")
    fieldsets = AGENCY_FIELDSETS


@admin.register(Staff)
class StaffAdmin(admin.ModelAdmin):
    list_display = ("display_name", "user", "agency", "roles")
    list_filter = ("agency",)
