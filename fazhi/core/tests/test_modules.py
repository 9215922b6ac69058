"""The registration point (fazhi.core.modules): the shells name no app, links mark the page
they lead to, and demo builders run after what they need."""

import re
from importlib import import_module
from pathlib import Path

import pytest
from django.conf import settings

from fazhi.core import modules
from fazhi.core.modules import DemoBuilder, Module, NavLink

SHELLS = ("portal", "workspace", "api")
FRAME = "templates"  # fazhi/templates: the site frame and error pages around every page


def _app_labels() -> set[str]:
    """The apps whose screens or records the shells show (not `org`, which only builds
    the organisation every part reads)."""
    shown = {m.label for m in modules.registered()
             if m.staff_nav or m.public_nav or m.home or m.procedures or m.search}
    assert {"disclosure", "normative", "lottery", "inspections", "reporting"} <= shown
    return shown - set(SHELLS)


def _app_namespaces() -> set[str]:
    """The URL namespaces of those apps' URLconfs (normative has two: `normative`, `library`)."""
    apps = _app_labels()
    return {getattr(import_module(urlconf), "app_name", "") for m in modules.registered()
            if m.label in apps for _, urlconf in m.urls} - {""}


def _shell_sources() -> list[Path]:
    root = Path(settings.BASE_DIR) / "fazhi"
    return [p for shell in (*SHELLS, FRAME) for p in (root / shell).rglob("*")
            if p.suffix in {".py", ".html"} and "tests" not in p.parts]


def test_the_shells_import_no_app_and_never_branch_on_a_procedure():
    """DESIGN.md §4: the shells (portal, workspace, api) and the site frame never branch on
    a procedure's code; what they show of an app comes from its declaration."""
    apps = "|".join(sorted(_app_labels()))
    imports = re.compile(rf"^\s*(from|import) fazhi\.({apps})\b", re.MULTILINE)
    namespaces = "|".join(sorted(_app_labels() | _app_namespaces()))
    url_names = re.compile(rf"""['"]({namespaces}):""")
    offenders = []
    for path in _shell_sources():
        text = path.read_text(encoding="utf-8")
        if imports.search(text) or url_names.search(text) or 'procedure == "' in text:
            offenders.append(str(path))
    assert offenders == []


def test_the_longest_matching_link_is_the_current_page():
    nav = modules.staff_nav(None, "/workspace/disclosure/stats/")
    current = [link["href"] for link in nav if link["current"]]
    assert current == ["/workspace/disclosure/stats/"]  # not also the inbox at /workspace/
    home = [link["href"] for link in modules.public_nav("/lottery/3/") if link["current"]]
    assert home == ["/lottery/"]  # the home page "/" matches only itself


def test_links_for_roles_show_to_those_roles_only(handler, head):
    assert "/workspace/disclosure/new/" in [link["href"] for link in modules.intakes(handler)]
    assert modules.intakes(head) == [] and modules.intakes(None) == []


def _module(label: str, after: tuple[str, ...] = ()) -> Module:
    return Module(title=label, label=label, demo=DemoBuilder(lambda ctx: None, after=after))


def test_demo_builders_run_after_what_they_need(monkeypatch):
    found = [_module("b", ("a",)), _module("c", ("b", "a")), _module("a")]
    monkeypatch.setattr(modules, "registered", lambda: found)
    assert [m.label for m in modules.demo_order()] == ["a", "b", "c"]


@pytest.mark.parametrize(("found", "message"), [
    ([_module("b", ("a",))], "演示数据依赖的模块“a”未安装"),
    ([_module("a", ("b",)), _module("b", ("a",))], "演示数据的依赖成环：a → b → a"),
])
def test_a_missing_or_circular_demo_need_is_an_error(monkeypatch, found, message):
    monkeypatch.setattr(modules, "registered", lambda: found)
    with pytest.raises(LookupError, match=message):
        modules.demo_order()


def test_a_link_by_path_or_by_url_name():
    assert NavLink("首页", "/", exact=True).match("/x/") == 0
    assert NavLink("待办", "workspace:inbox").match("/workspace/cases/1/") == len("/workspace/")
