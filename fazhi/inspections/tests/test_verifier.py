"""The published artefacts reproduce the selection with the stand-alone verifier."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from fazhi.inspections import artefacts
from fazhi.inspections.tests import factories as f

pytestmark = pytest.mark.django_db
VERIFIER = Path(__file__).resolve().parents[3] / "verifier" / "fazhi_verify_inspection.py"


def _run(folder: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-I", str(VERIFIER), "verify-inspection",
                           "--bundle", str(folder), *extra],
                          capture_output=True, text=True, timeout=120)


def _write(plan, folder: Path, internal: bool) -> None:
    folder.mkdir()
    for name, data in artefacts.bundle(plan, internal=internal).items():
        (folder / name).write_bytes(data)


def test_verifier_reproduces_targets_and_teams(planner, notary, joint, agency, tmp_path):
    plan = f.drawn(planner, notary, f.rules(joint["items"], [agency]))
    _write(plan, tmp_path / "public", internal=False)
    public = _run(tmp_path / "public")
    assert public.returncode == 0, public.stdout + public.stderr
    assert "ALL CHECKS PASSED" in public.stdout
    _write(plan, tmp_path / "audit", internal=True)
    audit = _run(tmp_path / "audit", "--internal")
    assert audit.returncode == 0, audit.stdout + audit.stderr
    assert "check 6" in audit.stdout and "OK" in audit.stdout


def test_verifier_catches_a_swapped_target(planner, notary, joint, agency, tmp_path):
    plan = f.drawn(planner, notary, f.rules(joint["items"], [agency]))
    _write(plan, tmp_path / "b", internal=False)
    result = json.loads((tmp_path / "b" / "result.json").read_text())
    stratum = next(s for s in result["strata"] if 0 < s["count"] < s["records"])
    chosen = {t["code"] for t in stratum["targets"]}
    other = next(line.split(",")[0] for line in
                 (tmp_path / "b" / "directory.csv").read_text().splitlines()
                 if line.split(",")[1] == stratum["name"] and line.split(",")[0] not in chosen)
    stratum["targets"][0]["code"] = other
    (tmp_path / "b" / "result.json").write_text(json.dumps(result, ensure_ascii=False))
    out = _run(tmp_path / "b")
    assert out.returncode in (14, 15), out.stdout
    assert "FAIL" in out.stdout


def test_verifier_catches_an_edited_directory(planner, notary, joint, agency, tmp_path):
    plan = f.drawn(planner, notary, f.rules(joint["items"], [agency]))
    _write(plan, tmp_path / "b", internal=False)
    path = tmp_path / "b" / "directory.csv"
    lines = path.read_text().splitlines()
    code, stratum, where = lines[0].split(",")
    lines[0] = f"{code},{'D' if stratum != 'D' else 'A'},{where}"
    path.write_text("\n".join(lines) + "\n")
    out = _run(tmp_path / "b")
    assert out.returncode == 11, out.stdout
