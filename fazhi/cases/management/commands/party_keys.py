"""`fazhi party_keys`: fill in Case.party_key for cases opened before the engine set it
(ADR 0045), from each case's opening event; `--rekey` recomputes every key (after the
party-key secret changed). Batched, resumable, idempotent."""

from django.core.management.base import BaseCommand
from django.db import transaction

from fazhi.cases import procedure as registry
from fazhi.cases.models import Case
from fazhi.cases.parties import PARTY_FIELDS, key_of, key_of_payload
from fazhi.core.models import Event

BATCH = 2000


def _keys(ids: list[int], openings: dict[int, str]) -> dict[int, str]:
    """Each case's key: from its opening event's payload or, where the ledger leaves personal
    data out (disclosure, petitions, mediation), from the procedure's detail row (one read
    per such case: a one-off command), by the procedure's declared party field if any."""
    out: dict[int, str] = {}
    for case in Case.objects.filter(pk__in=ids).only("pk", "procedure", "procedure_version"):
        try:
            proc = registry.get(case.procedure, case.procedure_version)
        except KeyError:
            continue
        key = key_of_payload(openings.get(case.pk, ""), proc.party_field)
        detail = getattr(case, proc.detail, None) if proc.detail and not key else None
        if detail is not None:
            key = key_of({f: getattr(detail, f) for f in PARTY_FIELDS
                          if isinstance(getattr(detail, f, None), str)}, proc.party_field)
        out[case.pk] = key
    return out


class Command(BaseCommand):
    help = "为旧案件补记当事人标识（身份证号码/统一社会信用代码的密钥摘要），供“我的事项”使用"

    def add_arguments(self, parser):
        parser.add_argument("--rekey", action="store_true", help="重新计算全部案件的当事人标识")

    def handle(self, *args, **options):
        cases = Case.objects.all() if options["rekey"] else Case.objects.filter(party_key="")
        last, done, keyed = 0, 0, 0
        while True:
            ids = list(cases.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:BATCH])
            if not ids:
                break
            openings = dict(Event.objects.filter(kind=Case.history_kind, owner_id__in=ids, seq=1)
                            .values_list("owner_id", "payload"))
            keys = _keys(ids, openings)
            with transaction.atomic():
                for pk in ids:
                    key = keys.get(pk, "")
                    if key or options["rekey"]:
                        Case.objects.filter(pk=pk).update(party_key=key)
                        keyed += bool(key)
            done += len(ids)
            last = ids[-1]
        self.stdout.write(f"已检查 {done} 件案件，{keyed} 件记入当事人标识。")
