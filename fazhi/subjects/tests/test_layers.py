"""The subjects app is a lower app: it imports no procedure app (issue 11 item 6; the
import layers law → core/cases/org/publication → procedure apps → shells). Enforcement and
licensing must be able to use it without importing inspections. Until the import-linter
contract lands, this walks every import statement of the app's code, lazy ones included
(its tests may exercise it together with the apps above)."""

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[1]
# What a lower app may build on: the kernel, the shared infrastructure apps, itself.
ALLOWED = {"law", "core", "cases", "org", "publication", "holidays", "notifications", "subjects"}


def fazhi_imports(path: Path) -> set[str]:
    """The `fazhi.<package>` names a module imports, at any depth of its code."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        found |= {name.split(".")[1] for name in names if name.startswith("fazhi.")}
    return found


def forbidden_imports(root: Path) -> dict[str, set[str]]:
    out = {}
    for path in sorted(root.rglob("*.py")):
        if "tests" in path.relative_to(root).parts:
            continue
        bad = fazhi_imports(path) - ALLOWED
        if bad:
            out[str(path.relative_to(root))] = bad
    return out


def test_subjects_imports_no_procedure_app():
    assert forbidden_imports(APP) == {}


def test_the_walk_sees_lazy_and_from_imports(tmp_path):
    """The check would catch the import that matters most: inspections, even inside a
    function, in either import form."""
    (tmp_path / "a.py").write_text("def f():\n    from fazhi.inspections import services\n")
    (tmp_path / "b.py").write_text("import fazhi.lottery.models\nfrom fazhi import enforcement\n")
    (tmp_path / "c.py").write_text("from fazhi.law import draws\nfrom fazhi.org.models import Agency\n")
    assert forbidden_imports(tmp_path) == {"a.py": {"inspections"},
                                           "b.py": {"lottery", "enforcement"}}
