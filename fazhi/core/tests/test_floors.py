"""The import-linter contracts (ADR 0023) cover the whole code: every package and module
directly under `fazhi/` sits on one floor, so a new app cannot escape the layers by being
left out of the list (import-linter checks only the modules a contract names)."""

import pkgutil
import tomllib
from pathlib import Path

import fazhi

ROOT = Path(fazhi.__file__).parent


def _contracts() -> dict[str, dict]:
    config = tomllib.loads((ROOT.parent / "pyproject.toml").read_text(encoding="utf-8"))
    return {c["id"]: c for c in config["tool"]["importlinter"]["contracts"]}


def _floors() -> list[set[str]]:
    return [{name.strip() for name in layer.replace("|", ":").split(":")}
            for layer in _contracts()["floors"]["layers"]]


def test_every_app_and_top_module_is_on_one_floor():
    on_floors = [name for floor in _floors() for name in floor]
    assert len(on_floors) == len(set(on_floors)), "a module is on two floors"
    present = {f"fazhi.{m.name}" for m in pkgutil.iter_modules([str(ROOT)])}
    assert present <= set(on_floors), f"not on any floor: {sorted(present - set(on_floors))}"


def test_law_is_the_bottom_floor_and_may_not_import_django():
    assert _floors()[-1] == {"fazhi.law"}
    law = _contracts()["law-pure"]
    assert law["source_modules"] == ["fazhi.law"] and "django" in law["forbidden_modules"]


def test_shells_sit_above_the_procedure_apps():
    floors = _floors()
    shells = next(i for i, floor in enumerate(floors) if "fazhi.portal" in floor)
    procedures = next(i for i, floor in enumerate(floors) if "fazhi.disclosure" in floor)
    assert {"fazhi.workspace", "fazhi.api", "fazhi.reporting"} <= floors[shells]
    assert shells < procedures
