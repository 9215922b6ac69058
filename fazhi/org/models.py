"""Regions, agencies and staff. Visibility of everything else is scoped by agency."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models

from fazhi.core.i18n import local
from fazhi.org import roles

# Telephone and fax: digits with the separators people write (0592-1234567, +86 592 …,
# several numbers separated by commas); the admin form NFKC-normalises them first.
PHONE = RegexValidator(r"^\+?[0-9][0-9\-()/,;]*$",
                       "电话号码只能包含数字、“-”“+”“()”“/”，多个号码用逗号分隔")
POSTCODE = RegexValidator(r"^[0-9]{6}$", "邮政编码应为6位数字")


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
        # a people's court on the platform: it takes part in cases (judicial confirmation of
        # a mediation agreement, ADR 0048) and owns none; its staff are clerks and judges
        ("court", "人民法院"),
    ]
    code = models.CharField("机关代码", max_length=20, unique=True)
    name = models.CharField("名称", max_length=80, unique=True)
    short_name = models.CharField("简称", max_length=20)
    kind = models.CharField("类型", max_length=20, choices=KINDS, default="department")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name="行政区划")
    address = models.CharField("地址", max_length=120, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True,
                                validators=[POSTCODE])
    phone = models.CharField("联系电话", max_length=40, blank=True, validators=[PHONE])
    fax = models.CharField("传真", max_length=40, blank=True, validators=[PHONE])
    email = models.EmailField("电子邮箱", max_length=120, blank=True)
    hours = models.CharField("办公时间", max_length=120, blank=True,
                             help_text="例如：工作日 8:00–12:00，14:30–17:30（夏令时 15:00–18:00）")
    # 政府信息公开工作机构 (《政府信息公开条例》第十二条: the disclosure guide gives its name,
    # address, hours, telephone, fax and internet contact); blank fields: the agency's own.
    disclosure_office = models.CharField("政府信息公开工作机构", max_length=80, blank=True)
    disclosure_address = models.CharField("公开工作机构地址", max_length=120, blank=True,
                                          help_text="与机关地址相同时留空")
    disclosure_phone = models.CharField("公开咨询电话", max_length=40, blank=True,
                                        validators=[PHONE])
    disclosure_fax = models.CharField("公开工作机构传真", max_length=40, blank=True,
                                      validators=[PHONE])
    disclosure_email = models.EmailField("公开工作机构电子邮箱", max_length=120, blank=True)
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
        return local("{name}（{agency}）").format(name=self.display_name,
                                               agency=self.agency.short_name)

    @property
    def role_labels(self) -> list[str]:
        return [roles.LABELS.get(r, r) for r in self.roles]
