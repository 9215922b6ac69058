"""The figures of an annual report: live from the indicators while it is a draft, frozen
in snapshots once published; the report's outline and plain text.
"""

from __future__ import annotations

from dataclasses import dataclass

from fazhi.core import indicators as ind
from fazhi.core.i18n import local
from fazhi.org.models import Agency
from fazhi.reporting.models import (
    SECTION_TITLES,
    AnnualReport,
    FigureSnapshot,
    ReportBlock,
    section_title,
)


@dataclass
class Figure:
    """A figure block's value: live for drafts, frozen for published reports."""

    code: str
    name: str
    unit: str
    basis: str
    value: float | None
    numerator: int | None
    denominator: int | None
    breakdown: dict[str, int]
    record_count: int | None = None
    record_sha256: str = ""
    missing: str = ""

    @property
    def display(self) -> str:
        if self.missing:
            return local("暂无数据（{}）").format(local(self.missing))
        if self.value is None:
            return local("无可计算的记录")
        number = f"{self.value:g}" if isinstance(self.value, float) else str(self.value)
        return local("{number}{unit}").format(number=number, unit=local(self.unit))

    @property
    def sentence(self) -> str:
        text = local("{name}：{value}").format(name=local(self.name), value=self.display)
        if self.denominator is not None and not self.missing:
            text += local("（") + f"{self.numerator}/{self.denominator}" + local("）")
        if self.breakdown:
            text += local("，其中") + local("，").join(
                local("{kind}{count}件").format(kind=local(k), count=v)
                for k, v in self.breakdown.items())
        return text + local("。")


def live_figure(code: str, year: int, scope: Agency | None) -> tuple[Figure, ind.IndicatorValue | None]:
    found = ind.get(code)
    if found is None:
        return Figure(code, code, "", "", None, None, None, {}, missing="指标不存在"), None
    if (why := found.missing()) is not None:
        return Figure(code, found.name, found.unit, found.basis, None, None, None, {},
                      missing=why), None
    value = found.compute(year, scope)
    return Figure(code, found.name, found.unit, found.basis, value.value, value.numerator,
                  value.denominator, value.breakdown), value


def frozen_figure(snap: FigureSnapshot) -> Figure:
    value = snap.value
    if value is not None and float(value).is_integer() and snap.unit != "%":
        value = int(value)
    return Figure(snap.indicator, snap.name, snap.unit, snap.basis, value, snap.numerator,
                  snap.denominator, snap.breakdown, snap.record_count, snap.record_sha256)


def figures(report: AnnualReport) -> dict[str, Figure]:
    """code → figure: frozen snapshots for a published report, live values otherwise."""
    if report.is_frozen:
        return {s.indicator: frozen_figure(s) for s in report.figures.all()}
    codes = dict.fromkeys(b.indicator for b in report.blocks.all() if b.kind == ReportBlock.FIGURE)
    return {code: live_figure(code, report.year, report.scope)[0] for code in codes}


@dataclass
class Section:
    number: int
    title: str
    blocks: list[tuple[ReportBlock, Figure | None]]


def outline(report: AnnualReport) -> list[Section]:
    figs = figures(report)
    sections = {n: Section(n, section_title(n, report.year), []) for n in SECTION_TITLES}
    for block in report.blocks.all():
        sections[block.section].blocks.append(
            (block, figs.get(block.indicator) if block.kind == ReportBlock.FIGURE else None))
    return list(sections.values())


def plain_text(report: AnnualReport) -> str:
    """The report as plain text: what is hashed at publication and diffed between editions."""
    lines = [report.title, ""]
    for section in outline(report):
        lines.append(section.title)
        for block, figure in section.blocks:
            if block.heading:
                lines.append(block.heading)
            if figure is not None:
                lines.append(figure.sentence)
            elif block.text:
                lines.extend(p.strip() for p in block.text.splitlines() if p.strip())
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
