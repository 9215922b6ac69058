"""`make run` serves the demo with DEBUG off, as production does, and static files are still
served (whitenoise, from the finders: no collectstatic in development)."""

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def test_make_run_serves_with_debug_off():
    recipe = subprocess.run(["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True,
                            timeout=60).stdout
    serve = next(line for line in recipe.splitlines() if "demo --serve" in line)
    assert 'FAZHI_DEBUG="${FAZHI_DEBUG:-0}"' in serve


@pytest.mark.django_db
def test_static_files_are_served_with_debug_off(client, settings):
    assert settings.DEBUG is False
    for path in ("/static/fazhi/site.css", "/static/fazhi/frame.js", "/static/vendor/htmx.min.js"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert b"".join(response.streaming_content)


@pytest.mark.django_db
def test_serve_creates_the_static_root_whitenoise_expects(settings, tmp_path, monkeypatch):
    """Whitenoise warns at start-up when STATIC_ROOT is missing (DEBUG off scans it)."""
    from fazhi.core.management.commands import serve

    calls = []
    monkeypatch.setattr(serve, "call_command", lambda *args, **kw: calls.append(args))
    settings.STATIC_ROOT = tmp_path / "staticfiles"
    serve.Command().handle(host="127.0.0.1", port=8000, workers=1)
    assert settings.STATIC_ROOT.is_dir() and calls == [("runserver", "127.0.0.1:8000")]
