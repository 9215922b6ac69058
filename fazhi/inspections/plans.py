"""Creating an inspection plan (双随机、一公开) and freezing it: the specification, the
directory of market entities and the inspector roster committed before the seed exists.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db import connection, transaction
from django.db.models import CharField, Value
from django.db.models.functions import Coalesce, Concat
from django.utils import timezone

from fazhi.cases.validation import validate
from fazhi.core.errors import Forbidden, InvalidData, NotAllowed
from fazhi.inspections import drawing
from fazhi.inspections.commands import act, append_to_history
from fazhi.inspections.models import Conflict, InspectionItem, Plan
from fazhi.inspections.procedure import PLANNERS, PlanRules
from fazhi.law import draws
from fazhi.law import uscc as uscc_rules
from fazhi.org.actors import Actor
from fazhi.org.models import Agency, Region
from fazhi.subjects import config as subject_config
from fazhi.subjects.models import MarketEntity, Officer


def create_plan(actor: Actor, data: dict | PlanRules, *, now: datetime | None = None) -> Plan:
    """A lead agency's plan, alone or joint; the other agencies each contribute items."""
    if actor.kind != "staff" or not actor.has_any(PLANNERS):
        raise Forbidden("只有机关的承办人、负责人或管理员可以创建抽查计划")
    rules: PlanRules = validate(PlanRules, data)  # type: ignore[assignment]
    agency_ids = {actor.agency_id, *rules.agency_ids}
    agencies = list(Agency.objects.filter(pk__in=agency_ids))
    if len(agencies) != len(agency_ids):
        raise InvalidData("联合抽查的机关不存在", field="agency_ids")
    items = list(InspectionItem.objects.filter(pk__in=rules.item_ids))
    if len(items) != len(set(rules.item_ids)):
        raise InvalidData("抽查事项不存在", field="item_ids")
    stray = [i.name for i in items if i.agency_id not in agency_ids]
    if stray:
        raise InvalidData(f"事项“{stray[0]}”不属于参与本计划的机关", field="item_ids")
    without = [a.name for a in agencies if not any(i.agency_id == a.pk for i in items)]
    if without:
        raise InvalidData(f"参与机关“{without[0]}”没有列入抽查事项（联合抽查各机关须提供事项）",
                          field="item_ids")
    for ex in rules.exclusions:
        try:
            uscc_rules.validate(ex.uscc)
        except uscc_rules.USCCError as exc:
            raise InvalidData(f"排除对象 {ex.uscc}：统一社会信用代码{exc}",
                              field="exclusions") from None
    _check_optional(Region, rules.district_id, "抽查区域不存在", "district_id")
    _check_optional(Agency, rules.notary_agency_id, "监督机构不存在", "notary_agency_id")
    with transaction.atomic():
        plan = Plan.objects.create(
            title=rules.title, lead_agency_id=actor.agency_id, plan_date=rules.plan_date,
            district_id=rules.district_id, strata=[s.model_dump() for s in rules.strata],
            rounding=rules.rounding, exclusions=[e.model_dump() for e in rules.exclusions],
            sources=[s.model_dump() for s in rules.sources], team_size=rules.team_size,
            notary_agency_id=rules.notary_agency_id, created_at=now or timezone.now())
        plan.agencies.set(agencies)
        plan.items.set(items)
        append_to_history(plan, "create", actor, {"rules": rules.model_dump(mode="json"),
                                         "state": plan.state})
        plan.save()
    return plan


def _check_optional(model, pk: int | None, message: str, field: str) -> None:
    if pk is not None and not model.objects.filter(pk=pk).exists():
        raise InvalidData(message, field=field)


def _spec(plan: Plan, freeze_date: date) -> dict:
    agencies = sorted(plan.agencies.values_list("code", flat=True))
    items = sorted(({"agency": i.agency.code, "code": i.code, "name": i.name}
                    for i in plan.items.select_related("agency")),
                   key=lambda i: (i["agency"], i["code"]))
    types = sorted({t for i in plan.items.all() for t in i.entity_types})
    return {
        "version": draws.VERSION, "hash": draws.HASH_NAME, "kind": drawing.KIND,
        "draw_id": plan.draw_id, "title": plan.title, "lead_agency": plan.lead_agency.code,
        "agencies": agencies, "items": items, "plan_date": plan.plan_date.isoformat(),
        "freeze_date": freeze_date.isoformat(),
        "district": plan.district.code if plan.district_id else None,
        "filters": {"statuses": list(subject_config.ACTIVE_STATUSES), "entity_types": types},
        "strata": plan.strata, "rounding": plan.rounding,
        "exclusions": sorted(plan.exclusions, key=lambda e: e["uscc"]),
        "sources": plan.sources,
        "pairing": {"team_size": plan.team_size, "cross_agency": len(agencies) > 1,
                    "certificate_valid_on": plan.plan_date.isoformat(),
                    "candidates": "region '-' (city-wide) or the entity's district"},
    }


def _directory(plan: Plan, spec: dict) -> bytes:
    """Eligible entities of the plan's strata as snapshot lines, formatted by the database
    in one pass over a covering index (see drawing.directory_file for the format)."""
    qs = MarketEntity.objects.filter(status__in=subject_config.ACTIVE_STATUSES,
                                     credit_class__in=[s["name"] for s in plan.strata])
    if plan.district_id:
        qs = qs.filter(district_id=plan.district_id)
    if spec["filters"]["entity_types"]:
        qs = qs.filter(entity_type__in=spec["filters"]["entity_types"])
    excluded = {e["uscc"] for e in plan.exclusions}
    if excluded:
        qs = qs.exclude(uscc__in=excluded)
    line = Concat("uscc", Value(","), "credit_class", Value(","),
                  Coalesce("district__code", Value("-")), output_field=CharField())
    sql, params = qs.order_by().annotate(line=line).values_list("line").query.sql_with_params()
    with connection.cursor() as cur:  # the raw cursor: a million rows skip the ORM's iterator
        cur.execute(sql, params)
        lines = [row[0] for batch in iter(lambda: cur.fetchmany(50_000), []) for row in batch]
    lines.sort()  # sorted runs per (status, class) from the index: a fast merge
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


def _roster(plan: Plan) -> list[drawing.RosterEntry]:
    agencies = dict(Agency.objects.filter(pk__in=plan.agencies.all()).values_list("pk", "code"))
    regions = dict(Region.objects.values_list("pk", "code"))
    qs = Officer.objects.filter(agency_id__in=agencies, active=True,
                                  cert_valid_until__gte=plan.plan_date)
    if plan.district_id:
        code = regions[plan.district_id]
        qs = [i for i in qs if i.region_id is None or regions.get(i.region_id) == code]
    return [drawing.RosterEntry(i.code, agencies[i.agency_id], i.cert_valid_until.isoformat(),
                                i.capacity, regions.get(i.region_id, "-"))
            for i in qs]


def freeze(actor: Actor, pk: int, *, now: datetime | None = None) -> Plan:
    """Freeze the directory, plan, roster and conflicts; publish their hashes."""
    now = now or timezone.now()

    def change(plan: Plan) -> dict:
        spec = _spec(plan, timezone.localtime(now).date())
        roster = _roster(plan)
        if not roster:
            raise NotAllowed("本计划没有符合条件的执法检查人员（参与机关在岗、执法证在检查日期"
                             "有效的人员为零），不能冻结；请先补充检查人员名录")
        if spec["pairing"]["cross_agency"] and len({r.agency for r in roster}) < 2:
            raise NotAllowed("联合抽查须由两个以上机关的人员组队，但只有一个机关有符合条件的"
                             "执法检查人员")
        if len(roster) < plan.team_size:
            raise NotAllowed(f"符合条件的执法检查人员只有 {len(roster)} 人，少于每组 "
                             f"{plan.team_size} 人")
        directory = _directory(plan, spec)
        if not directory:
            raise NotAllowed("名录中没有符合本计划条件的检查对象")
        pool = drawing.pool_from_directory(directory)
        sizes: dict[str, int] = {}
        for line in pool.split(b"\n")[:-1]:
            stratum = line.split(b",")[1].decode()
            sizes[stratum] = sizes.get(stratum, 0) + 1
        counts = drawing.counts_for(spec, sizes)
        codes = {r.code for r in roster}
        conflicts = drawing.conflicts_file(
            (c, u) for c, u in Conflict.objects.values_list("inspector__code", "uscc")
            .iterator(chunk_size=10_000) if c in codes)
        roster_bytes = drawing.roster_file(roster)
        plan.spec_json = draws.canonical_json(spec).decode("utf-8")
        plan.directory_file = directory.decode("utf-8")
        plan.directory_hash = drawing.sha256_hex(directory)
        plan.file_hash = drawing.sha256_hex(pool)
        plan.merkle_root = drawing.merkle_root(pool.split(b"\n")[:-1]).hex()
        plan.counts = {s["name"]: {"records": sizes.get(s["name"], 0),
                                   "selected": counts[s["name"]]} for s in spec["strata"]}
        plan.roster_file, plan.roster_hash = roster_bytes.decode(), drawing.sha256_hex(
            roster_bytes)
        plan.conflicts_file = conflicts.decode()
        plan.conflicts_hash = drawing.sha256_hex(conflicts)
        plan.frozen_at = now
        return {"commitment": commitment_artefact(plan)}

    return act(pk, "freeze", actor, change)


def commitment_artefact(plan: Plan) -> dict:
    """What is public at the freeze, before any source value exists."""
    return {
        "version": draws.VERSION, "hash": draws.HASH_NAME, "kind": drawing.KIND,
        "draw_id": plan.draw_id,
        "spec_sha256": drawing.sha256_hex(plan.spec_json.encode("utf-8")),
        "file_hash": plan.file_hash, "merkle_root": plan.merkle_root,
        "directory_sha256": plan.directory_hash,
        "records": sum(c["records"] for c in plan.counts.values()),
        "strata": plan.counts, "roster_sha256": plan.roster_hash,
        "conflicts_sha256": plan.conflicts_hash,
        "notary_commitment": plan.notary_commitment or None,
    }
