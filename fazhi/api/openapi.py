"""The committed OpenAPI documents (DESIGN.md principle 9): generated, written with
sorted keys, and compared with the files under docs/openapi/ by a test and `--check`."""

import json
from pathlib import Path

from django.conf import settings

DOCS_DIR = Path(settings.BASE_DIR) / "docs" / "openapi"


def documents() -> dict[str, dict]:
    """{"private": ..., "public": ...} as the running code would serve them."""
    from fazhi.api import private, public

    return {"private": private.api.get_openapi_schema(path_prefix="/api/v1/"),
            "public": public.api.get_openapi_schema(path_prefix="/api/public/v1/")}


def render(document: dict) -> str:
    return json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def path_of(name: str) -> Path:
    return DOCS_DIR / f"{name}.json"


def drift() -> list[str]:
    """Names of the documents whose committed file differs from the generated one."""
    stale = []
    for name, document in documents().items():
        target = path_of(name)
        if not target.exists() or target.read_text(encoding="utf-8") != render(document):
            stale.append(name)
    return stale


def write() -> list[Path]:
    DOCS_DIR.mkdir(parents=True, exist_ok=True)
    written = []
    for name, document in documents().items():
        target = path_of(name)
        target.write_text(render(document), encoding="utf-8")
        written.append(target)
    return written
