"""Plan commands: the only code that writes plans, targets, teams, records and results.

Every plan change goes through `_act`: it locks the plan row, checks the command against
procedure.COMMANDS (state and role), applies the change and appends a hash-chained
event (core.Event), all in one transaction (the lottery pattern; ADR 0009).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime

from django.db import connection, transaction
from django.db.models import CharField, Q, Value
from django.db.models.functions import Coalesce, Concat
from django.utils import timezone

from fazhi.cases.validation import validate
from fazhi.core import notarised
from fazhi.core.chains import append_event, chain_problems, deferred_value, run_command
from fazhi.core.errors import Forbidden, InvalidData, NotAllowed, NotFound
from fazhi.core.models import Event
from fazhi.inspections import credit, drawing
from fazhi.inspections.models import (
    Conflict,
    InspectionItem,
    InspectionRecord,
    Plan,
    PublicResult,
    Recusal,
    Referral,
    Target,
    TeamMember,
)
from fazhi.inspections.procedure import (
    COMMANDS,
    NOTARY,
    PLANNERS,
    PlanRules,
    ResultInput,
    publication_limit,
)
from fazhi.law import draws, timelimits
from fazhi.law import uscc as uscc_rules
from fazhi.org.actors import Actor
from fazhi.org.models import Agency, Region
from fazhi.subjects import config as subject_config
from fazhi.subjects.models import MarketEntity, Officer

# The notary's steps (commit, sources, reveal, void, re-run): shared with lotteries.
NOTARY_STEPS = notarised.NotarisedDraw(
    notarised.Terms(notary="监督人", secret="监督人随机数", commitment="监督人承诺", draw="抽取",
                    rules="计划"),
    void_state=Plan.VOID)

# -- the one write path ------------------------------------------------------------------


def _authorise(plan: Plan, actor: Actor, action: str) -> None:
    command = COMMANDS[action]
    label = command.label
    if actor.kind != "staff":
        raise Forbidden(f"您没有执行“{label}”的权限")
    as_planner = (bool(command.roles & PLANNERS) and actor.has_any(PLANNERS)
                  and actor.agency_id == plan.lead_agency_id)
    # A plan that named no supervising office may be witnessed by any notary, but only a
    # named office may declare it void (as for lotteries, issue 10 item 18).
    named = plan.notary_agency_id is not None and actor.agency_id == plan.notary_agency_id
    as_notary = (NOTARY in command.roles and NOTARY in actor.roles
                 and (named or (plan.notary_agency_id is None and action != "void")))
    if not (as_planner or as_notary):
        raise Forbidden(f"您不是本计划发起机关的工作人员或监督人员，不能执行“{label}”")


def _append(plan: Plan, action: str, actor: Actor, payload: dict) -> Event:
    return append_event(plan, action, actor, payload)


# Frozen artefacts: megabytes each at city scale, written once; commands leave them
# unread unless they need them (`_artefact`), so they are not rewritten either.
ARTEFACTS = ("directory_file", "roster_file", "conflicts_file", "result_json", "teams_json")


def _artefact(plan: Plan, name: str) -> str:
    return deferred_value(plan, name)  # type: ignore[return-value]


def _act(pk: int, action: str, actor: Actor, change: Callable[[Plan], dict | None], *,
         authorise: Callable[[Plan], None] | None = None) -> Plan:
    return run_command(Plan, pk, action, COMMANDS[action], actor,
                       noun="计划", change=change, defer=ARTEFACTS,
                       authorise=authorise or (lambda plan: _authorise(plan, actor, action)))


def verify_chain(plan: Plan) -> list[str]:
    """Problems in the plan's event chain (empty when intact)."""
    return chain_problems(plan)


# -- plan creation -----------------------------------------------------------------------


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
        _append(plan, "create", actor, {"rules": rules.model_dump(mode="json"),
                                         "state": plan.state})
        plan.save()
    return plan


def _check_optional(model, pk: int | None, message: str, field: str) -> None:
    if pk is not None and not model.objects.filter(pk=pk).exists():
        raise InvalidData(message, field=field)


# -- freeze: everything committed before the seed exists ---------------------------------


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

    return _act(pk, "freeze", actor, change)


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


# -- commitment, sources, reveal, void, re-run (core.notarised) ----------------------------


def commit(actor: Actor, pk: int, commitment_hex: str) -> Plan:
    """c_N = H("XM-DRAW-v1/notary" ‖ draw_id ‖ r_N), made offline by the notary."""
    c_n = NOTARY_STEPS.commitment(commitment_hex)
    return _act(pk, "commit", actor, lambda plan: NOTARY_STEPS.commit(plan, c_n))


def _source_specs(plan: Plan) -> tuple[draws.SourceSpec, ...]:
    return tuple(draws.SourceSpec(s["id"], tuple(s.get("fallbacks", [])),
                                  s.get("description", "")) for s in plan.sources)


def source_ids(plan: Plan) -> list[str]:
    return notarised.source_ids(_source_specs(plan))


def enter_source(actor: Actor, pk: int, source_id: str, value: str | None, *,
                 evidence: str, now: datetime | None = None) -> Plan:
    now = now or timezone.now()
    value = NOTARY_STEPS.source_value(value)
    if not (evidence or "").strip():
        raise InvalidData("请提供取值来源证据（网址或文字说明）", field="evidence")
    proof = {"text": evidence.strip(), "at": now.isoformat(), "by": actor.label}
    return _act(pk, "enter_source", actor, lambda plan: NOTARY_STEPS.enter_source(
        plan, source_id, value, proof, source_ids(plan)))


def _resolved(plan: Plan) -> tuple[str, list[dict]]:
    return notarised.resolve(_source_specs(plan), plan.source_values)


def reveal(actor: Actor, pk: int, r_hex: str, *, now: datetime | None = None) -> Plan:
    """r_N after the sources; a mismatch with c_N voids the draw (core.notarised; ADR 0017)."""
    now = now or timezone.now()
    r_n = NOTARY_STEPS.secret(r_hex)
    return _act(pk, "reveal", actor,
                lambda plan: NOTARY_STEPS.reveal(plan, r_n, _source_specs(plan), now))


def void(actor: Actor, pk: int, reason: str, *, now: datetime | None = None) -> Plan:
    """Declare the draw void before it is drawn (random-draws.md §5.2: e.g. the notary does
    not reveal); the plan is re-run only with a new commitment and later sources."""
    now = now or timezone.now()
    reason = NOTARY_STEPS.void_reason(reason)

    def change(plan: Plan) -> dict:
        NOTARY_STEPS.void(plan, reason, now)
        return {"void_reason": reason}

    return _act(pk, "void", actor, change)


def rerun(actor: Actor, pk: int, sources: list[dict]) -> Plan:
    """After a void draw: the same frozen directory, roster and conflicts, a new attempt
    (draw id …-A2), a new commitment and sources never named or used before."""
    from fazhi.inspections.procedure import SourceRule

    parsed = [validate(SourceRule, s).model_dump() for s in sources]  # type: ignore[union-attr]
    if not parsed:
        raise InvalidData("请列明新的随机源", field="sources")
    ids = [i for s in parsed for i in (s["id"], *s["fallbacks"])]
    if len(set(ids)) != len(ids):
        raise InvalidData("随机源编号（含备用）不得重复", field="sources")

    def change(plan: Plan) -> dict:
        before = source_ids(plan)
        plan.sources = parsed  # a refusal below rolls the command back, this included
        payload = NOTARY_STEPS.rerun(plan, before, source_ids(plan))
        spec = json.loads(plan.spec_json)
        spec["draw_id"], spec["sources"] = plan.draw_id, parsed
        plan.spec_json = draws.canonical_json(spec).decode("utf-8")
        return {**payload, "spec": plan.spec_json}

    return _act(pk, "rerun", actor, change)


# -- draw --------------------------------------------------------------------------------


def team_rules(plan: Plan,
               extra_conflicts: set[tuple[str, str]] = frozenset(),  # type: ignore[assignment]
               directory: str | None = None) -> drawing.TeamRules:
    spec = json.loads(plan.spec_json)
    return drawing.TeamRules(
        roster=drawing.parse_roster(_artefact(plan, "roster_file").encode()),
        conflicts=drawing.parse_conflicts(_artefact(plan, "conflicts_file").encode())
        | set(extra_conflicts),
        district=drawing.Districts(directory if directory is not None else
                                   _artefact(plan, "directory_file")),
        plan_date=spec["plan_date"],
        team_size=spec["pairing"]["team_size"], cross_agency=spec["pairing"]["cross_agency"])


def draw(actor: Actor, pk: int, *, now: datetime | None = None) -> Plan:
    """Seed → targets per stratum → teams; unassignable targets are kept and escalated."""
    now = now or timezone.now()

    def change(plan: Plan) -> dict:
        NOTARY_STEPS.require_reveal(plan)
        result, teams = compute_draw(plan)
        plan.result_json = draws.canonical_json(result).decode("utf-8")
        plan.teams_json = draws.canonical_json(teams).decode("utf-8")
        plan.drawn_at = now
        _record_targets(plan, result, teams)
        return {"seed": result["seed"], "targets": len(result["order"]),
                "unassignable": len(result["unassignable"]),
                "result_sha256": drawing.sha256_hex(plan.result_json.encode("utf-8"))}

    return _act(pk, "draw", actor, change)


def compute_draw(plan: Plan) -> tuple[dict, dict]:
    """The published result and the internal team list, from the frozen artefacts."""
    spec = json.loads(plan.spec_json)
    text = _artefact(plan, "directory_file")
    directory = text.encode("utf-8")
    # The pool file is derived from the directory, so checking the directory's committed
    # hash checks both.
    NOTARY_STEPS.check_frozen(plan.directory_hash, drawing.sha256_hex(directory))
    canonical, used = _resolved(plan)
    r_n = bytes.fromhex(plan.notary_reveal)
    seed = draws.derive_seed(plan.draw_id, bytes.fromhex(plan.file_hash),
                             bytes.fromhex(plan.merkle_root), canonical, r_n)
    counts = {s: c["selected"] for s, c in plan.counts.items()}
    chosen = drawing.select_targets(seed, directory, counts)
    order = draws.target_order(seed, chosen)
    rules = team_rules(plan, directory=text)
    assignments, load = drawing.assign(seed, order, rules)
    strata = []
    for s in spec["strata"]:
        name = s["name"]
        strata.append({"name": name, "records": plan.counts[name]["records"],
                       "count": counts[name],
                       "targets": [{"rank": n, "code": code,
                                    "key": draws.inspection_key(seed, "target", name, code).hex()}
                                   for n, code in enumerate(chosen.get(name, []), 1)]})
    result = {
        "version": draws.VERSION, "hash": draws.HASH_NAME, "kind": drawing.KIND,
        "draw_id": plan.draw_id, "commitment": commitment_artefact(plan),
        "sources": {"used": used, "canonical": canonical}, "notary_reveal": plan.notary_reveal,
        "seed": seed.hex(), "strata": strata, "order": order,
        "unassignable": [{"target": a.target, "reason": a.reason} for a in assignments
                         if a.status != "assigned"],
        "inspector_counts": {e.code: load.get(e.code, 0) for e in rules.roster},
    }
    teams = {"draw_id": plan.draw_id, "teams": [
        {"target": a.target, "status": a.status, "team": list(a.team), "reason": a.reason}
        for a in assignments]}
    return result, teams


def _record_targets(plan: Plan, result: dict, teams: dict) -> None:
    """Target and team rows in two multi-row inserts (thousands of rows: the ORM's
    per-object work would cost more than the draw's hashing)."""
    stratum_of = {t["code"]: (s["name"], t["rank"], t["key"])
                  for s in result["strata"] for t in s["targets"]}
    entity_ids = _lookup(MarketEntity, "uscc", list(stratum_of))
    team_of = {t["target"]: t for t in teams["teams"]}
    rows = []
    for n, code in enumerate(result["order"], 1):
        stratum, rank, key = stratum_of[code]
        t = team_of[code]
        rows.append((plan.pk, entity_ids[code], code, stratum, rank, n, key, t["status"],
                     "" if t["status"] == "assigned" else
                     f"无法组队，已上报发起机关负责人：{_reason_zh(t)}"))
    _insert(Target, ["plan_id", "entity_id", "uscc", "stratum", "rank", "order", "key",
                     "status", "escalation"], rows)
    target_ids = dict(Target.objects.filter(plan=plan).values_list("uscc", "pk"))
    inspector_ids = _lookup(Officer, "code", sorted({m for t in teams["teams"]
                                                       for m in t["team"]}))
    _insert(TeamMember, ["target_id", "inspector_id", "via", "active", "left_reason"],
            [(target_ids[t["target"]], inspector_ids[m], "draw", True, "")
             for t in teams["teams"] for m in t["team"]])


def _insert(model, columns: list[str], rows: list[tuple], batch: int = 500) -> None:
    """Multi-row INSERTs of `batch` rows each (one statement per row would cost a round
    trip each on PostgreSQL)."""
    quote = connection.ops.quote_name
    head = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(map(quote, columns))}) VALUES "
    one = f"({', '.join(['%s'] * len(columns))})"
    with connection.cursor() as cur:
        for start in range(0, len(rows), batch):
            chunk = rows[start:start + batch]
            cur.execute(head + ", ".join([one] * len(chunk)), [v for row in chunk for v in row])


def _lookup(model, field: str, values: list[str]) -> dict[str, int]:
    """{value: pk} in chunks (SQLite limits the parameters of one statement)."""
    out: dict[str, int] = {}
    for start in range(0, len(values), 900):
        out.update(model.objects.filter(**{f"{field}__in": values[start:start + 900]})
                   .values_list(field, "pk"))
    return out


def _reason_zh(team: dict) -> str:
    filled = team["reason"].split(" ", 1)[0]
    return f"仅有 {filled} 个岗位能由无回避、证件有效且有余量的人员担任"


def publish(actor: Actor, pk: int, *, now: datetime | None = None) -> Plan:
    now = now or timezone.now()

    def change(plan: Plan) -> dict:
        plan.published_at = now
        return {"published_at": now.isoformat()}

    return _act(pk, "publish", actor, change)


# -- recusal after the draw --------------------------------------------------------------


def recuse(actor: Actor, target_id: int, inspector_id: int, reason: str) -> Recusal:
    """A conflict found later: the next eligible inspector in the target's key order (递补)."""
    if not (reason or "").strip():
        raise InvalidData("请填写回避事由", field="reason")
    target = Target.objects.select_related("plan").filter(pk=target_id).first()
    if target is None:
        raise NotFound("抽中对象不存在")
    out: list[Recusal] = []

    def change(plan: Plan) -> dict:
        member = TeamMember.objects.filter(target_id=target_id, inspector_id=inspector_id,
                                           active=True).select_related("inspector").first()
        if member is None:
            raise NotAllowed("该人员不在此检查对象的检查组中")
        leaving = member.inspector.code
        Conflict.objects.get_or_create(inspector_id=inspector_id, uscc=target.uscc,
                                       defaults={"reason": reason.strip()})
        earlier = set(Recusal.objects.filter(target_id=target_id)
                      .values_list("leaving__code", flat=True))
        later = set(Conflict.objects.filter(uscc=target.uscc)
                    .values_list("inspector__code", "uscc"))
        rules = team_rules(plan, extra_conflicts=later)
        team = tuple(TeamMember.objects.filter(target_id=target_id, active=True)
                     .values_list("inspector__code", flat=True))
        load = _current_load(plan)
        seed = bytes.fromhex(json.loads(_artefact(plan, "result_json"))["seed"])
        replacement = draws.replace_inspector(
            seed, target.uscc, team, leaving, rules.candidates(target.uscc), rules.capacity,
            load, rules.eligible, excluded=earlier)
        member.active, member.left_reason = False, reason.strip()
        member.save(update_fields=["active", "left_reason"])
        new = None
        if replacement is not None:
            new = Officer.objects.get(code=replacement)
            TeamMember.objects.create(target_id=target_id, inspector=new, via="replacement")
        else:
            Target.objects.filter(pk=target_id).update(
                status=Target.UNASSIGNABLE,
                escalation=f"{leaving} 回避后无符合条件的递补人员，已上报发起机关负责人")
        out.append(Recusal.objects.create(target_id=target_id, leaving=member.inspector,
                                          replacement=new, reason=reason.strip()))
        return {"target": target.uscc, "leaving": leaving, "replacement": replacement,
                "reason": reason.strip()}

    _act(target.plan_id, "recuse", actor, change)
    return out[0]


def _current_load(plan: Plan) -> dict[str, int]:
    load: dict[str, int] = {}
    for code in TeamMember.objects.filter(target__plan=plan, active=True).values_list(
            "inspector__code", flat=True):
        load[code] = load.get(code, 0) + 1
    return load


def inspector_counts(plan: Plan) -> list[tuple[str, str, int]]:
    """(code, agency short name, current assignments) for every roster inspector."""
    load = _current_load(plan)
    roster = drawing.parse_roster(plan.roster_file.encode()) if plan.roster_file else []
    names = dict(Agency.objects.values_list("code", "short_name"))
    return [(e.code, names.get(e.agency, e.agency), load.get(e.code, 0)) for e in roster]


# -- results -----------------------------------------------------------------------------


def _team_member(actor: Actor, target: Target) -> Officer:
    inspector = Officer.objects.filter(staff__user_id=actor.user_id).first() \
        if actor.user_id else None
    if inspector is None or not TeamMember.objects.filter(
            target=target, inspector=inspector, active=True).exists():
        raise Forbidden("您不是该检查对象的检查组成员，不能录入或公示检查结果")
    return inspector


def publication_deadline(plan: Plan, completed_on: date,
                         today: date | None = None) -> timelimits.Deadline:
    """20 working days from completion (国办发〔2018〕118号 二(六)), in the version for the
    lead agency's sector, on the current calendar."""
    from fazhi.holidays.services import current_calendar

    return timelimits.evaluate(publication_limit(plan.lead_agency, completed_on),
                               current_calendar(), completed_on, today=today)


def recompute_publication_dues(year: int) -> int:
    """After `year`'s holiday notice is loaded (inside `load_year`'s transaction): every
    stored publication limit that may depend on it, and the lateness of publications
    already made against it. Returns how many results changed."""
    records = (InspectionRecord.objects
               .filter(Q(publish_due_provisional=True) | Q(publish_due__gte=date(year - 1, 1, 1),
                                                           completed_on__lte=date(year, 12, 31)))
               .select_related("target__plan__lead_agency", "public", "public_record"))
    changed = 0
    for record in records.iterator(chunk_size=500):
        deadline = publication_deadline(record.target.plan, record.completed_on)
        late = record.published_on is not None and record.published_on > deadline.due
        now = (deadline.due, deadline.explanation, deadline.provisional, late)
        if now == (record.publish_due, record.publish_due_explanation,
                   record.publish_due_provisional, record.published_late):
            continue
        (record.publish_due, record.publish_due_explanation, record.publish_due_provisional,
         record.published_late) = now
        record.save(update_fields=["publish_due", "publish_due_explanation",
                                   "publish_due_provisional", "published_late"])
        _published_lateness(record, late)
        changed += 1
    return changed


def _published_lateness(record: InspectionRecord, late: bool) -> None:
    public = getattr(record, "public", None)
    if public is not None and public.late != late:
        PublicResult.objects.filter(pk=public.pk).update(late=late)
    shown = record.public_record
    if shown is not None and shown.data.get("late") != late:
        shown.data = {**shown.data, "late": late}
        shown.save(update_fields=["data"])


def enter_result(actor: Actor, target_id: int, data: dict, *, files: list = (),
                 today: date | None = None) -> InspectionRecord:
    """Results by a team member; completion starts the 20-WD publication clock."""
    from fazhi.cases.files import store_attachment

    target = Target.objects.select_related("plan", "entity").filter(pk=target_id).first()
    if target is None:
        raise NotFound("抽查对象不存在")
    if actor.kind != "staff":
        raise Forbidden("您不是该检查对象的检查组成员，不能录入检查结果")
    _team_member(actor, target)
    payload: ResultInput = validate(ResultInput, data)  # type: ignore[assignment]
    allowed = set(target.plan.items.values_list("pk", flat=True))
    if not set(payload.items_checked) <= allowed:
        raise InvalidData("检查事项须为本计划列明的事项", field="items_checked")
    today = today or timezone.localdate()
    if payload.completed_on > today:
        raise InvalidData("检查完成日期不能晚于今天", field="completed_on")
    stored = [store_attachment(f, "inspection_evidence") for f in files]
    deadline = publication_deadline(target.plan, payload.completed_on, today)
    out: list[InspectionRecord] = []

    def change(plan: Plan) -> dict:
        if InspectionRecord.objects.filter(target=target).exists():
            raise NotAllowed("该对象的检查结果已录入")
        record = InspectionRecord.objects.create(
            target=target, items_checked=payload.items_checked, findings=payload.findings,
            result=payload.result, completed_on=payload.completed_on, entered_by=actor.label,
            attachments=[{"filename": s.filename, "sha256": s.sha256, "path": s.path,
                          "size": s.size, "content_type": s.content_type} for s in stored],
            publish_due=deadline.due, publish_due_explanation=deadline.explanation,
            publish_due_provisional=deadline.provisional)
        if payload.result == InspectionRecord.REFER:
            Referral.objects.create(record=record, agency=plan.lead_agency,
                                    reason=payload.referral_reason.strip())
        credit.record_inspection(record, plan.lead_agency, today)
        out.append(record)
        return {"target": target.uscc, "result": payload.result,
                "completed_on": payload.completed_on.isoformat(),
                "publish_due": deadline.due.isoformat(),
                "attachments": [s.sha256 for s in stored]}

    _act(target.plan_id, "result", actor, change, authorise=lambda p: None)
    return out[0]


def publish_result(actor: Actor, record_id: int, *, today: date | None = None) -> InspectionRecord:
    """Publish on the portal (redacted); after the 20-WD limit it is recorded as late."""
    from fazhi.publication.services import publish as publish_record

    today = today or timezone.localdate()
    record = InspectionRecord.objects.select_related("target__plan", "target__entity").filter(
        pk=record_id).first()
    if record is None:
        raise NotFound("检查记录不存在")
    target = record.target

    def authorise(plan: Plan) -> None:
        try:
            _authorise(plan, actor, "publish_result")
        except Forbidden:
            _team_member(actor, target)

    def change(plan: Plan) -> dict:
        if record.published_on:
            raise NotAllowed("该检查结果已公示")
        late = today > record.publish_due
        agencies = "、".join(plan.agencies.order_by("code").values_list("name", flat=True))
        entity = target.entity
        body = (f"{entity.name}（{entity.uscc}）：{record.result_label}。检查机关：{agencies}；"
                f"检查完成日期：{record.completed_on.isoformat()}。")
        public = publish_record(
            kind=f"insp.result.{record.pk}", agency=plan.lead_agency,
            title=f"双随机抽查结果：{entity.name}", body=body,
            data={"plan": plan.draw_id, "uscc": entity.uscc, "result": record.result_label,
                  "completed_on": record.completed_on.isoformat(), "late": late})
        record.published_on, record.published_late, record.public_record = today, late, public
        record.save(update_fields=["published_on", "published_late", "public_record"])
        PublicResult.objects.create(
            record=record, plan=plan, uscc=entity.uscc, entity_name=entity.name,
            agencies=agencies[:400], result=record.result_label, completed_on=record.completed_on,
            published_on=today, late=late)
        return {"target": target.uscc, "published_on": today.isoformat(), "late": late,
                "due": record.publish_due.isoformat()}

    _act(target.plan_id, "publish_result", actor, change, authorise=authorise)
    return record


# -- artefacts ---------------------------------------------------------------------------


def bundle(plan: Plan, *, internal: bool = False) -> dict[str, bytes]:
    """The verifier bundle (docs/inspections.md); `internal` adds roster, conflicts, teams."""
    if not plan.result_json:
        raise NotAllowed("尚未抽取，暂无验证材料")
    result = json.loads(plan.result_json)
    files = {
        "spec.json": plan.spec_json.encode("utf-8"),
        "directory.csv": plan.directory_file.encode("utf-8"),
        "sources.json": draws.canonical_json({"values": plan.source_values}),
        "reveal.txt": (plan.notary_reveal + "\n").encode("ascii"),
        "result.json": plan.result_json.encode("utf-8"),
        "commitment.json": draws.canonical_json(result["commitment"]),
    }
    if internal:
        files |= {"roster.csv": plan.roster_file.encode(),
                  "conflicts.csv": plan.conflicts_file.encode(),
                  "teams.json": plan.teams_json.encode("utf-8")}
    return files
