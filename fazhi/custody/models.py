"""Case property in custody (涉案财物): items, the custody centres, pending hand-overs.

Each item is a chained owner (`core.Event`, kind `custody`): every step of its custody —
seizure, each hand-over offered and accepted, appraisal, disposal — is an event in its own
hash chain, so `fazhi verify-ledger` covers custody as it covers cases.
"""

from datetime import date
from decimal import Decimal

from django.db import models
from django.db.models import Q

from fazhi.core.models import Chained
from fazhi.org import roles
from fazhi.org.actors import Actor
from fazhi.org.models import Agency

SEIZED, STORED, RETURNED, CONFISCATED, DESTROYED, AUCTIONED = (
    "seized", "stored", "returned", "confiscated", "destroyed", "auctioned")
STATES = {
    SEIZED: "已扣押（办案机关保管）",
    STORED: "在中心保管",
    RETURNED: "已退还",
    CONFISCATED: "已没收",
    DESTROYED: "已销毁",
    AUCTIONED: "已拍卖",
}
HELD = (SEIZED, STORED)
DISPOSED = (RETURNED, CONFISCATED, DESTROYED, AUCTIONED)


class Centre(models.Model):
    """A cross-agency custody centre (涉案财物管理中心): an agency whose custodians keep the
    items every depositing agency hands over. `overdue_days` is a local management parameter
    (no statute sets it), dated so a report can say which value it used."""

    agency = models.OneToOneField(Agency, on_delete=models.PROTECT, related_name="custody_centre",
                                  verbose_name="中心机构")
    address = models.CharField("库房地址", max_length=120, blank=True)
    overdue_days = models.PositiveIntegerField(
        "超期天数", default=180,
        help_text="财物自扣押之日起保管超过该天数仍未处置的，列入超期报表（本地管理参数，非法定期限）")
    overdue_since = models.DateField("超期参数施行日期", default=date(2026, 1, 1))

    class Meta:
        verbose_name = verbose_name_plural = "涉案财物管理中心"

    def __str__(self) -> str:
        return self.agency.name


class ItemQuerySet(models.QuerySet):
    def visible_to(self, actor: Actor | None) -> "ItemQuerySet":
        """The one visibility filter: an agency sees the items it seized; a centre's staff
        see every item deposited with their centre, and an item offered to their agency
        (before they accept it); the city-wide roles see all."""
        if actor is None or actor.kind != "staff":
            return self.none()
        if actor.city_wide:
            return self
        mine = actor.agency_id
        return self.filter(Q(agency_id=mine) | Q(centre__agency_id=mine) | Q(pending_to_id=mine))

    def held(self) -> "ItemQuerySet":
        return self.filter(state__in=HELD)


class Item(Chained):
    history_kind, history_label = "custody", "涉案财物"
    history_state = ("state", "centre_id", "location", "holder", "pending_action",
                     "pending_to_id", "final_ref")

    code = models.CharField("财物编号", max_length=20, unique=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="custody_items",
                               verbose_name="办案机关")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="custody_items", verbose_name="所属案件")
    case_ref = models.CharField("案件编号（外部系统）", max_length=60, blank=True)
    description = models.CharField("财物名称及特征", max_length=200)
    quantity = models.DecimalField("数量", max_digits=12, decimal_places=2, default=Decimal(1))
    unit = models.CharField("单位", max_length=10, default="件")
    value = models.DecimalField("估值（元）", max_digits=14, decimal_places=2, null=True,
                                blank=True)
    owner_name = models.CharField("所有人/当事人", max_length=100)
    owner_phone = models.CharField("所有人联系电话", max_length=40, blank=True)
    seized_on = models.DateField("扣押日期")
    state = models.CharField("状态", max_length=20, default=SEIZED,
                             choices=list(STATES.items()))
    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="items", verbose_name="保管中心")
    location = models.CharField("存放位置", max_length=120)
    holder = models.CharField("当前保管人", max_length=60)
    appraised_value = models.DecimalField("鉴定价值（元）", max_digits=14, decimal_places=2,
                                          null=True, blank=True)
    # An offered hand-over awaiting the taker: what, to whom, by whom, with its details.
    pending_action = models.CharField("待确认交接", max_length=20, blank=True)
    pending_to = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name="接收机构")
    pending_by = models.PositiveIntegerField("交出人", null=True, blank=True)
    pending = models.JSONField("交接内容", default=dict, blank=True)
    # A case from another system: the number of the decision and the day it became final.
    final_ref = models.CharField("生效决定文号（外部案件）", max_length=80, blank=True)
    disposed_on = models.DateField("处置日期", null=True, blank=True)

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "涉案财物"
        ordering = ["-id"]
        indexes = [models.Index(fields=["agency", "state"], name="custody_agency_state"),
                   models.Index(fields=["centre", "state"], name="custody_centre_state"),
                   models.Index(fields=["state", "seized_on"], name="custody_state_seized")]

    def __str__(self) -> str:
        return f"{self.code} {self.description}"

    @property
    def state_label(self) -> str:
        return STATES.get(self.state, self.state)

    @property
    def case_label(self) -> str:
        return self.case.number if self.case_id else self.case_ref


class Photo(models.Model):
    """A photo of an item, stored content-addressed (fazhi.cases.files); its hash is in the
    chain event that added it."""

    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="photos")
    filename = models.CharField("文件名", max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    path = models.CharField(max_length=200)
    event_seq = models.PositiveIntegerField()

    def __str__(self) -> str:
        return self.filename


def is_custodian(actor: Actor) -> bool:
    return roles.CUSTODIAN in actor.roles
