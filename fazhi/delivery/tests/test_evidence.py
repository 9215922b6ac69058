"""The evidence package: the document, its hash, timestamps, the delivery log and a manifest
with a hash of everything, downloadable by staff of the case's agency only."""

import hashlib
import io
import json
import zipfile

import pytest
from django.test import Client

from fazhi.core.errors import NotFound
from fazhi.delivery import evidence, services
from fazhi.delivery.tests.factories import PDF, party_of, replied_case

pytestmark = pytest.mark.django_db


def _served(agency, handler):
    case = replied_case(agency, handler)
    services.give_consent(party=party_of(case), channels=["portal"], how="online",
                          actor=handler, case=case)
    delivery = services.serve(case=case, document_title="答复书", content=PDF,
                              filename="reply.pdf", party=party_of(case), actor=handler)
    services.open_document(delivery, case)
    return case, delivery


def test_package_holds_document_log_and_a_manifest_that_checks(agency, handler):
    case, delivery = _served(agency, handler)
    _, data = evidence.package(delivery, handler)
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = set(archive.namelist())
    assert {"document/reply.pdf", "delivery.json", "ledger.json", "outbox.json", "README.txt",
            "manifest.txt"} <= names
    assert archive.read("document/reply.pdf") == PDF
    record = json.loads(archive.read("delivery.json"))
    assert record["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert record["read_at"] and record["delivered_at"] and record["served_on"]
    assert record["consent"]["channels"] == ["portal"] and record["chain_intact"]
    log = json.loads(archive.read("ledger.json"))
    actions = [e["action"] for e in log["delivery"]]
    assert actions == ["send", "deliver", "read", "export_evidence"]
    assert all(e["prev_hash"] == p["hash"] for p, e in zip(log["delivery"], log["delivery"][1:], strict=False))
    lines = archive.read("manifest.txt").decode().splitlines()
    body, root = lines[:-1], lines[-1]
    for line in body:
        digest, name = line.split("  ", 1)
        assert hashlib.sha256(archive.read(name)).hexdigest() == digest
    text = "".join(f"{line}\n" for line in body)
    assert root == f"root {hashlib.sha256(text.encode()).hexdigest()}"


def test_package_only_for_staff_of_the_case_agency(agency, handler, other_handler, supervisor):
    _, delivery = _served(agency, handler)
    with pytest.raises(NotFound):
        evidence.package(delivery, other_handler)
    client = Client()
    from django.contrib.auth.models import User

    client.force_login(User.objects.get(pk=supervisor.user_id))  # reads the case, not its agency
    assert client.get(f"/workspace/delivery/{delivery.pk}/evidence.zip").status_code == 403
    client.force_login(User.objects.get(pk=handler.user_id))
    response = client.get(f"/workspace/delivery/{delivery.pk}/evidence.zip")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert zipfile.ZipFile(io.BytesIO(response.content)).read("document/reply.pdf") == PDF
