"""Agencies in the order public pages list them: city bodies first, then each district;
within a region the government, then its departments, then the others."""

from fazhi.org.models import Agency

KIND_ORDER = {"government": 0, "department": 1, "other": 2}


def public_order() -> list[Agency]:
    return sorted(Agency.objects.select_related("region"),
                  key=lambda a: (a.region.code, KIND_ORDER.get(a.kind, 9), a.pk))
