"""Regions, agencies and staff. Visibility of everything else is scoped by agency."""

from django.conf import settings
from django.db import models

from fazhi.org import roles


class Region(models.Model):
    code = models.CharField("区划代码", max_length=12, unique=True)
    name = models.CharField("名称", max_length=40)
    level = models.CharField("级别", max_length=10, choices=[("city", "市"), ("district", "区")])
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        verbose_name = verbose_name_plural = "行政区划"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Agency(models.Model):
    KINDS = [
        ("government", "人民政府"),
        ("department", "政府工作部门"),
        ("other", "其他行政机关"),
    ]
    code = models.CharField("机关代码", max_length=20, unique=True)
    name = models.CharField("名称", max_length=80, unique=True)
    short_name = models.CharField("简称", max_length=20)
    kind = models.CharField("类型", max_length=20, choices=KINDS, default="department")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name="行政区划")
    address = models.CharField("地址", max_length=120, blank=True)
    phone = models.CharField("联系电话", max_length=40, blank=True)
    is_legal_office = models.BooleanField("法制机构", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "行政机关"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Staff(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="staff")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="staff",
                               verbose_name="所属机关")
    display_name = models.CharField("姓名", max_length=40)
    roles = models.JSONField("角色", default=list)

    class Meta:
        verbose_name = verbose_name_plural = "工作人员"

    def __str__(self) -> str:
        return f"{self.display_name}（{self.agency.short_name}）"

    @property
    def role_labels(self) -> list[str]:
        return [roles.LABELS.get(r, r) for r in self.roles]
