"""Official calendar years loaded from the State Council notice (procedures.md §8.2).

Rows are written only by `services.load_year` (all-or-nothing); a loaded year replaces
the built-in data for that year entirely.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarYear(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    source = models.CharField(_("source notice"), max_length=200)
    loaded_at = models.DateTimeField(_("loaded at"))
    loaded_by = models.CharField(_("loaded by"), max_length=200)

    class Meta:
        ordering = ["year"]
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")

    def __str__(self) -> str:
        return f"{self.year}（{self.source}）"


class CalendarDay(models.Model):
    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("holiday (rest day)")
        MAKEUP_WORKDAY = "makeup_workday", _("make-up workday")
        LOCAL_HOLIDAY = "local_holiday", _("local holiday")

    year = models.ForeignKey(CalendarYear, on_delete=models.CASCADE, related_name="days",
                             verbose_name=_("year"))
    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.name}".rstrip()
