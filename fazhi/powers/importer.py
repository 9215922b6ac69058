"""Import of the catalogue of enforcement items (权责清单) from CSV/XLSX, all-or-nothing with
row errors, through the subjects importer (`fazhi import enforcement_items`, the legal
office's upload page).

A row is one version of an item: (code, 施行日期) is its key, an existing version with that key
is updated. A version without 废止日期 runs until the next version of its code starts: the
earlier open version is closed on the new one's date. Two versions whose stated periods
overlap are refused with both rows named.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from fazhi.powers.models import EnforcementItem
from fazhi.subjects import importer
from fazhi.subjects.importer import Column, ImportReport

ARTICLE = re.compile(r"第[一二三四五六七八九十百零〇\d]+条")
LAW = re.compile(r"《[^》]+》")


def split(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"[、;；,，]", text or "") if p.strip()]


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat((text or "").replace("/", "-"))
    except ValueError:
        return None


def _money(text: str) -> Decimal | None:
    text = (text or "").replace(",", "").strip()
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError from None
    if not value.is_finite() or value < 0 or value >= Decimal("1e12"):
        raise ValueError
    return value.quantize(Decimal("0.01"))


def states_article(basis: str) -> bool:
    """The basis names a law and an article (the catalogue's 设定依据 with its 条款)."""
    return bool(LAW.search(basis or "") and ARTICLE.search(basis or ""))


@importer.register
class Items(importer.Kind):
    name, label = "enforcement_items", "权责清单事项"
    columns = [
        Column("code", "事项编码"), Column("name", "事项名称"), Column("power", "职权类型", False),
        Column("basis", "设定依据"), Column("category", "执法类别"),
        Column("fine_min", "罚款下限（元）", False), Column("fine_max", "罚款上限（元）", False),
        Column("kinds", "处罚种类", False), Column("agencies", "实施主体"),
        Column("valid_from", "施行日期"), Column("valid_until", "废止日期", False),
    ]
    model = EnforcementItem

    def __init__(self) -> None:
        super().__init__()
        self.agencies = importer.agencies()
        # code → [(valid_from, valid_until, where)] of the stored versions and earlier rows
        self.versions: dict[str, list[tuple[date, date | None, str]]] = {}
        for code, start, end in EnforcementItem.objects.values_list("code", "valid_from",
                                                                    "valid_until"):
            self.versions.setdefault(code, []).append((start, end, "已登记的版本"))

    def key(self, row: dict[str, str]) -> str:
        return f"{row['code']}@{row['valid_from']}"

    def check(self, number: int, row: dict[str, str], report: ImportReport) -> None:
        code = row["code"]
        if not code or len(code) > 40:
            report.add(number, "事项编码", "必须填写，且不超过 40 个字符")
        if not row["name"] or len(row["name"]) > 200:
            report.add(number, "事项名称", "必须填写，且不超过 200 个字符")
        if len(row.get("power", "")) > 20:
            report.add(number, "职权类型", "不能超过 20 个字符")
        if not LAW.search(row["basis"]):
            report.add(number, "设定依据", "须写明法律、法规或规章的名称（用书名号，如《中华人民共和国食品安全法》第一百二十四条）")
        if not row["category"] or len(row["category"]) > 40:
            report.add(number, "执法类别", "必须填写，且不超过 40 个字符")
        self._check_fines(number, row, report)
        names = split(row["agencies"])
        unknown = [n for n in names if n not in self.agencies]
        if not names:
            report.add(number, "实施主体", "必须填写至少一个机关（机关代码或名称，用顿号分隔）")
        elif unknown:
            report.add(number, "实施主体", f"“{'、'.join(unknown)}”不是已登记的机关代码或名称")
        self._check_period(number, row, report)

    def _check_fines(self, number: int, row: dict[str, str], report: ImportReport) -> None:
        bounds = {}
        for key, label in (("fine_min", "罚款下限（元）"), ("fine_max", "罚款上限（元）")):
            try:
                bounds[key] = _money(row.get(key, ""))
            except ValueError:
                report.add(number, label, f"应为不小于 0 的金额，实际为“{row.get(key)}”")
                return
        low, high = bounds["fine_min"], bounds["fine_max"]
        if low is not None and high is not None and low > high:
            report.add(number, "罚款下限（元）", f"下限 {low} 高于上限 {high}")

    def _check_period(self, number: int, row: dict[str, str], report: ImportReport) -> None:
        start, end = _day(row["valid_from"]), _day(row.get("valid_until", ""))
        if start is None:
            report.add(number, "施行日期", "日期格式不正确（应为 YYYY-MM-DD）")
            return
        if row.get("valid_until") and end is None:
            report.add(number, "废止日期", "日期格式不正确（应为 YYYY-MM-DD）")
            return
        if end is not None and end <= start:
            report.add(number, "废止日期", "应晚于施行日期")
            return
        where = f"第 {number} 行"
        known = self.versions.setdefault(row["code"], [])
        for other_start, other_end, other in known:
            if other_start == start and other != "已登记的版本":
                report.add(number, "施行日期", f"与{other}的版本重复（{start}）")
                return
            if other_start == start:
                continue  # updates the stored version
            if _overlap((start, end), (other_start, other_end)):
                report.add(number, "施行日期", f"与{other}（施行日期 {other_start}）的版本期间重叠")
                return
        known.append((start, end, where))

    def write(self, batch: list[dict[str, str]]) -> None:
        for row in sorted(batch, key=lambda r: (r["code"], r["valid_from"])):
            self._write_one(row)

    def _write_one(self, row: dict[str, str]) -> None:
        start = _day(row["valid_from"])
        end = _day(row.get("valid_until", ""))
        later = (EnforcementItem.objects.filter(code=row["code"], valid_from__gt=start)
                 .order_by("valid_from").values_list("valid_from", flat=True).first())
        if end is None:
            end = later  # an open version runs until the next one starts
        EnforcementItem.objects.filter(code=row["code"], valid_until=None,
                                       valid_from__lt=start).update(valid_until=start)
        item, _ = EnforcementItem.objects.update_or_create(
            code=row["code"], valid_from=start, defaults={
                "name": row["name"], "power": row.get("power") or "行政处罚",
                "basis": row["basis"], "category": row["category"],
                "fine_min": _money(row.get("fine_min", "")),
                "fine_max": _money(row.get("fine_max", "")),
                "kinds": split(row.get("kinds", "")), "valid_until": end})
        item.agencies.set([self.agencies[n] for n in split(row["agencies"])])


def _overlap(a: tuple[date, date | None], b: tuple[date, date | None]) -> bool:
    """Stated periods overlap. An open period ends where the next version starts, so two
    versions overlap only when the earlier one states an end after the later one's start."""
    (first_start, first_end), (second_start, _) = sorted([a, b], key=lambda p: p[0])
    return first_end is not None and second_start < first_end
