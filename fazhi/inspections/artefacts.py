"""The published artefacts of a plan anyone can verify with the kernel (fazhi.law.draws):
the bundle of frozen inputs, the commitment, the reveal and the result.
"""

from __future__ import annotations

import json

from fazhi.core.errors import NotAllowed
from fazhi.inspections.models import Plan
from fazhi.law import draws


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
