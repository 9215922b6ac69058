"""The published artefacts of a plan anyone can verify with the kernel (fazhi.law.draws):
the bundle of frozen inputs, the commitment, the reveal and the result.
"""

from __future__ import annotations

from fazhi.core.errors import NotAllowed
from fazhi.core.notarised import verifier_files
from fazhi.inspections.models import Plan


def bundle(plan: Plan, *, internal: bool = False) -> dict[str, bytes]:
    """The verifier bundle (docs/inspections.md); `internal` adds roster, conflicts, teams."""
    if not plan.result_json:
        raise NotAllowed("尚未抽取，暂无验证材料")
    files = verifier_files(plan, "directory.csv", plan.directory_file)
    if internal:
        files |= {"roster.csv": plan.roster_file.encode(),
                  "conflicts.csv": plan.conflicts_file.encode(),
                  "teams.json": plan.teams_json.encode("utf-8")}
    return files
