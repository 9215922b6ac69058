"""Chart data of the supervision dashboard and the public report page.

The server builds each chart's data and the page hands it to the static chart scripts in a
`json_script` element (no inline script: the pages run under `script-src 'self'`). A chart
holds one indicator *family* — one module's indicators in one unit — so a count and a rate
never share an axis, and a rate axis is fixed at 0–100 %. Every chart comes with a table of
the same figures and links: the text alternative, and the way in for keyboard users.

The public report's charts read only the report's frozen figures (`FigureSnapshot`), never
live data, and show figure names, values, outcome labels and agency names: no personal data.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps

from fazhi.core import indicators as ind
from fazhi.core.i18n import local

RATE_UNIT = "%"
NO_AGENCY = "未指定单位"


def is_rate(unit: str) -> bool:
    return unit == RATE_UNIT


def module_title(code: str) -> str:
    """The Chinese name of the module an indicator code belongs to ("disclosure.x" → 政府信息公开)."""
    label = code.split(".", 1)[0]
    try:
        return apps.get_app_config(label).verbose_name
    except LookupError:
        return label


def family_key(indicator: ind.Indicator) -> tuple[str, str]:
    """(module, unit): indicators that may share one axis."""
    return indicator.code.split(".", 1)[0], indicator.unit


def family_title(code: str, unit: str) -> str:
    kind = local("比率" if is_rate(unit) else "数量")
    return local("{module}：{kind}（{unit}）").format(module=local(module_title(code)), kind=kind,
                                                    unit=local(unit))


@dataclass
class Cell:
    """One figure in a table cell and behind one bar."""

    value: float | int | None
    numerator: int | None = None
    denominator: int | None = None
    url: str = ""
    unit: str = ""

    @property
    def text(self) -> str:
        if self.value is None:
            return "—"
        if is_rate(self.unit):
            return f"{self.value:g}%"
        return f"{int(self.value)}" if float(self.value).is_integer() else f"{self.value:g}"

    @property
    def fraction(self) -> str:
        return f"{self.numerator}/{self.denominator}" if self.denominator is not None else ""


@dataclass(frozen=True)
class AgencyRef:
    pk: int | None
    name: str
    short: str


@dataclass
class Family:
    """The dashboard's chart and table of one family: every agency with a figure in it."""

    number: int
    title: str
    unit: str
    indicators: list[ind.Indicator] = field(default_factory=list)
    city: list[Cell] = field(default_factory=list)
    by_agency: list[dict[int | None, Cell]] = field(default_factory=list)
    agencies: list[AgencyRef] = field(default_factory=list)

    @property
    def rate(self) -> bool:
        return is_rate(self.unit)

    @property
    def data_id(self) -> str:
        return f"chart-data-{self.number}"

    @property
    def rows(self) -> list[tuple[AgencyRef, list[Cell]]]:
        return [(a, [cells.get(a.pk) or Cell(None, unit=self.unit) for cells in self.by_agency])
                for a in self.agencies]

    def chart(self) -> dict[str, Any]:
        """What dashboard.js draws: one series per indicator, one value per agency (in the
        table's order); the page shows one indicator of the family at a time."""
        rows = self.rows
        return {
            "title": self.title, "unit": local(self.unit), "rate": self.rate, "sort": True,
            "labels": [a.short for a, _ in rows], "titles": [a.name for a, _ in rows],
            "series": [{
                "code": indicator.code, "name": local(indicator.name),
                "city": self.city[i].value, "cityText": self.city[i].text,
                "values": [cells[i].value for _, cells in rows],
                "notes": [cells[i].fraction for _, cells in rows],
                "links": [cells[i].url for _, cells in rows],
            } for i, indicator in enumerate(self.indicators)],
        }


def dashboard_families(values: Iterable[tuple[ind.Indicator, ind.IndicatorValue]],
                       agencies: dict[int, AgencyRef],
                       link: Callable[[ind.Indicator, int | None], str]) -> list[Family]:
    """Group indicators into families and their by-agency figures into rows. A count is 0
    for an agency of the family with no record of it; a rate without records stays empty."""
    families: dict[tuple[str, str], Family] = {}
    for indicator, value in values:
        key = family_key(indicator)
        family = families.get(key)
        if family is None:
            family = families[key] = Family(len(families) + 1,
                                            family_title(indicator.code, indicator.unit),
                                            indicator.unit)
        family.indicators.append(indicator)
        family.city.append(Cell(value.value, value.numerator, value.denominator,
                                link(indicator, None), indicator.unit))
        family.by_agency.append({pk: Cell(v, n, d if value.numerator_q is not None else None,
                                          link(indicator, pk) if pk else "", indicator.unit)
                                 for pk, (v, d, n) in ind.by_agency(value).items()})
    order = list(agencies)
    for family in families.values():
        present = set().union(*family.by_agency)
        refs = [agencies[pk] for pk in order if pk in present]
        if None in present:
            refs.append(AgencyRef(None, NO_AGENCY, NO_AGENCY))
        family.agencies = refs
        if not family.rate:  # no record of a count is a count of 0
            for i, cells in enumerate(family.by_agency):
                for ref in refs:
                    cells.setdefault(ref.pk, Cell(0, url=link(family.indicators[i], ref.pk)
                                                  if ref.pk else "", unit=family.unit))
    return list(families.values())


# -- the public report ----------------------------------------------------------------------


@dataclass
class ReportChart:
    """A chart of the public report page with its table: one label and one figure per bar."""

    number: int
    title: str
    unit: str
    series: str
    rows: list[tuple[str, Cell]]
    by_agency: bool = False  # drawn when its <details> is opened

    @property
    def rate(self) -> bool:
        return is_rate(self.unit)

    @property
    def data_id(self) -> str:
        return f"report-chart-data-{self.number}"

    def chart(self) -> dict[str, Any]:
        return {"title": local(self.title), "unit": local(self.unit), "rate": self.rate,
                "sort": False, "labels": [local(label) for label, _ in self.rows],
                "titles": [local(label) for label, _ in self.rows],
                "series": [{"name": local(self.series), "values": [c.value for _, c in self.rows],
                            "notes": [c.fraction for _, c in self.rows],
                            "links": [c.url for _, c in self.rows]}]}


def report_charts(figures: list[Any], public_rows: dict[str, list[dict]],
                  link: Callable[[str, str], str]) -> list[ReportChart]:
    """Charts of a published report from its frozen figures (in the report's order):

    - the rates side by side on a 0–100 % axis, and the counts of each unit side by side;
    - each figure's breakdown (e.g. closed requests by outcome);
    - each count figure by agency, from the records frozen behind it.

    A chart needs two bars or more: one number reads better as the sentence it already is.
    `link(code, agency)` is the public drill-down of a figure, narrowed to an agency.
    """
    charts: list[ReportChart] = []

    def add(title: str, unit: str, series: str, rows: list[tuple[str, Cell]],
            by_agency: bool = False) -> None:
        if len(rows) >= 2:
            charts.append(ReportChart(len(charts) + 1, title, unit, series, rows, by_agency))

    shown = [f for f in figures if not f.missing and f.value is not None]
    for unit in dict.fromkeys(f.unit for f in shown):
        rows = [(f.name, Cell(f.value, f.numerator, f.denominator, link(f.code, ""), unit))
                for f in shown if f.unit == unit]
        title = "本报告中的比率（%）" if is_rate(unit) else f"本报告中的数量（{unit}）"
        add(title, unit, "比率" if is_rate(unit) else "数量", rows)
    for f in shown:
        add(f"{f.name}：分类情况（件）", "件", f.name,
            [(k, Cell(v, url=link(f.code, ""), unit="件")) for k, v in _largest_first(f.breakdown)])
    for f in shown:
        if is_rate(f.unit):
            continue  # the frozen rows hold the denominator, not which records count above
        counts = Counter(r.get("agency") or NO_AGENCY for r in public_rows.get(f.code, []))
        add(f"{f.name}：按单位（{f.unit}）", f.unit, f.name,
            [(name, Cell(n, url=link(f.code, name), unit=f.unit))
             for name, n in _largest_first(counts)], by_agency=True)
    return charts


def _largest_first(counts: dict[str, int]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
