"""The exported bundle verifies with the stand-alone verifier, run as a separate program."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from fazhi.lottery.tests import factories as f

VERIFIER = Path(__file__).resolve().parents[3] / "verifier" / "fazhi_verify.py"
pytestmark = pytest.mark.django_db


def verify(bundle: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-I", str(VERIFIER), "verify-draw", "--bundle",
                           str(bundle)], capture_output=True, text=True, timeout=120)


def test_exported_bundle_verifies_and_a_tampered_pool_fails(admin, notary, tmp_path):
    lot = f.published(admin, notary, n=12, pools=[
        {"name": "individual", "label": "个人", "quota": 3, "alternates": 2}])
    call_command("lottery", "export", str(lot.pk), str(tmp_path / "b"))
    done = verify(tmp_path / "b")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ALL CHECKS PASSED" in done.stdout
    pool = tmp_path / "b" / "pool.csv"
    lines = pool.read_text().splitlines(keepends=True)
    pool.write_text("".join(lines[1:]))  # drop one record
    done = verify(tmp_path / "b")
    assert done.returncode == 11, done.stdout  # check 1: pool commitment


def test_cli_draw_runs_when_ready_and_refuses_otherwise(admin, notary, tmp_path):
    lot, r_n = f.committed(admin, notary)
    with pytest.raises(CommandError, match="r_N"):
        call_command("lottery", "draw", str(lot.pk))
    f.with_sources(lot, admin)
    from fazhi.lottery import notary_steps

    notary_steps.reveal(notary, lot.pk, r_n.hex())
    call_command("lottery", "draw", str(lot.pk))
    call_command("lottery", "export", str(lot.pk), str(tmp_path / "c"))
    assert verify(tmp_path / "c").returncode == 0


def test_downloaded_zip_bundle_verifies_as_extracted(client, admin, notary, tmp_path):
    import io
    import zipfile

    from django.urls import reverse

    lot = f.published(admin, notary, n=10)
    data = client.get(reverse("lottery:artefact_bundle", args=[lot.pk])).content
    again = client.get(reverse("lottery:artefact_bundle", args=[lot.pk])).content
    assert data == again  # reproducible bytes: the zip's hash can be quoted
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert sorted(archive.namelist()) == sorted(
            ["spec.json", "commitment.json", "pool.csv", "sources.json", "reveal.txt",
             "result.json"])
        archive.extractall(tmp_path / "z")
    done = verify(tmp_path / "z")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ALL CHECKS PASSED" in done.stdout
