"""The one history: every object that changes keeps an append-only, hash-chained list of
events in `Event`, and `Checkpoint` anchors all of them (fazhi.law.ledger, ADR 0018)."""

from datetime import date, datetime
from typing import ClassVar

from django.db import models
from django.utils import timezone

from fazhi.law import ledger


class Event(models.Model):
    """One event of one owner's history. Written only by `fazhi.core.chains.append_event`;
    never updated or deleted."""

    kind = models.CharField("类别", max_length=20)  # the owner's history kind, e.g. "case"
    owner_id = models.BigIntegerField("对象")
    seq = models.PositiveIntegerField("序号")
    action = models.CharField("操作", max_length=60)
    actor = models.CharField("操作人", max_length=100)
    actor_kind = models.CharField(max_length=10)
    actor_user_id = models.IntegerField(null=True, blank=True)
    at = models.CharField("时间", max_length=32)  # UTC ISO text, exactly as hashed
    payload = models.TextField("内容", default="{}")  # canonical JSON, as hashed
    state = models.TextField("产生的状态", blank=True)  # canonical JSON, as hashed ("" in v1)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = verbose_name_plural = "账本记录"
        constraints = [models.UniqueConstraint(fields=["kind", "owner_id", "seq"],
                                               name="event_owner_seq")]

    def __str__(self) -> str:
        return f"{self.kind} {self.owner_id}#{self.seq} {self.action}"

    @property
    def format(self) -> int:
        """2 when the event records the state it produced (every event since ADR 0018), 1
        for events from before (their v1 hash covers no state)."""
        return ledger.format_of(self.state)

    @property
    def at_datetime(self) -> datetime:
        return datetime.fromisoformat(self.at.replace("Z", "+00:00"))


class Checkpoint(models.Model):
    """The running root over every event up to `upto_event_id`; recorded automatically
    after every few events or minutes and by tick, and published (/ledger/)."""

    upto_event_id = models.BigIntegerField(unique=True)
    event_count = models.BigIntegerField()
    root = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "账本检查点"
        ordering = ["upto_event_id"]

    def __str__(self) -> str:
        return f"#{self.upto_event_id} {self.root[:12]}"


class Chained(models.Model):
    """An object with its own history in `Event`. The row keeps its chain's head
    (`event_count`, `head_hash`) so a truncated history shows; each event records the
    `history_state` fields as they were after it, so a field edited behind the services'
    back shows too (`fazhi verify-ledger`)."""

    event_count = models.PositiveIntegerField(default=0)
    head_hash = models.CharField(max_length=64, blank=True)

    history_kind: ClassVar[str]  # stable name hashed into every event: never rename
    history_label: ClassVar[str]  # Chinese noun for reports, e.g. "案件"
    history_state: ClassVar[tuple[str, ...]]  # attnames whose values each event records
    # Stored fields derived from other rows (a case's due date from its clocks): verify-ledger
    # compares them with `expected_derived`; owners it leaves out expect `derived_default`.
    derived_fields: ClassVar[tuple[str, ...]] = ()
    derived_default: ClassVar[tuple] = ()

    class Meta:
        abstract = True

    @classmethod
    def expected_derived(cls, today: date) -> tuple[dict[int, tuple], list[tuple[int, str]]]:
        """({owner id: expected derived values}, [(owner id, problem in the sources)])."""
        return {}, []

    @property
    def events(self) -> models.QuerySet[Event]:
        return Event.objects.filter(kind=self.history_kind, owner_id=self.pk).order_by("seq")

    def ledger_state(self) -> str:
        """The canonical state an event appended now records."""
        return state_text(self.history_state, [getattr(self, name) for name in
                                                self.history_state])


def state_text(names: tuple[str, ...], values) -> str:
    return ledger.canonical_payload(dict(zip(names, values, strict=True)))
