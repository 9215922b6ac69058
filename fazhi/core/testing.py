"""Helpers shared by the test suites of several apps (imported by tests only)."""

import json
import re


def json_script_data(html: str, element_id: str) -> dict:
    """The payload of a `json_script` element, as the page's own script reads it."""
    found = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html)
    assert found, f"no json_script #{element_id}"
    return json.loads(found.group(1))
