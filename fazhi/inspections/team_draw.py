"""The draw of a plan: targets and inspection teams computed from the frozen inputs and the
revealed seed (fazhi.inspections.drawing, fazhi.law.draws), recorded in bulk, and published.
"""

from __future__ import annotations

import json
from datetime import datetime

from django.db import connection
from django.utils import timezone

from fazhi.inspections import drawing
from fazhi.inspections.commands import act, artefact_text
from fazhi.inspections.models import Plan, Target, TeamMember
from fazhi.inspections.notary_steps import NOTARY_STEPS, resolved
from fazhi.inspections.plans import commitment_artefact
from fazhi.law import draws
from fazhi.org.actors import Actor
from fazhi.subjects.models import MarketEntity, Officer


def team_rules(plan: Plan,
               extra_conflicts: set[tuple[str, str]] = frozenset(),  # type: ignore[assignment]
               directory: str | None = None) -> drawing.TeamRules:
    spec = json.loads(plan.spec_json)
    return drawing.TeamRules(
        roster=drawing.parse_roster(artefact_text(plan, "roster_file").encode()),
        conflicts=drawing.parse_conflicts(artefact_text(plan, "conflicts_file").encode())
        | set(extra_conflicts),
        district=drawing.Districts(directory if directory is not None else
                                   artefact_text(plan, "directory_file")),
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

    return act(pk, "draw", actor, change)


def compute_draw(plan: Plan) -> tuple[dict, dict]:
    """The published result and the internal team list, from the frozen artefacts."""
    spec = json.loads(plan.spec_json)
    text = artefact_text(plan, "directory_file")
    directory = text.encode("utf-8")
    # The pool file is derived from the directory, so checking the directory's committed
    # hash checks both.
    NOTARY_STEPS.check_frozen(plan.directory_hash, drawing.sha256_hex(directory))
    canonical, used = resolved(plan)
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

    return act(pk, "publish", actor, change)
