"""The OpenAPI documents are a contract (DESIGN.md principle 9): committed, and served."""

import json

import pytest

from fazhi.api import openapi

HINT = "run `make openapi` (fazhi openapi --write) and commit docs/openapi/"


def test_the_committed_openapi_documents_match_the_code():
    assert openapi.drift() == [], f"OpenAPI drift: {openapi.drift()}; {HINT}"


def test_the_check_command_fails_on_drift(tmp_path, monkeypatch):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    monkeypatch.setattr(openapi, "DOCS_DIR", tmp_path)
    with pytest.raises(CommandError, match="make openapi"):
        call_command("openapi", "--check")
    call_command("openapi", "--write")
    call_command("openapi", "--check")
    assert json.loads((tmp_path / "public.json").read_text("utf-8"))["info"]["title"]


@pytest.mark.parametrize("url, name", [("/api/v1/openapi.json", "private"),
                                       ("/api/public/v1/openapi.json", "public")])
def test_the_served_document_is_the_committed_one(client, url, name):
    committed = json.loads(openapi.path_of(name).read_text("utf-8"))
    assert client.get(url).json() == committed


def test_no_docs_ui_is_served_since_it_would_need_a_cdn(client):
    assert client.get("/api/v1/docs").status_code == 404
    assert client.get("/api/public/v1/docs").status_code == 404
