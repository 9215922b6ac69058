"""Discretion benchmarks (行政裁量权基准) as code: tiers, validation, compiled evaluation.

A benchmark turns a statutory penalty range into tiers by the facts of the case
(《行政处罚法》第三十四条; 国办发〔2022〕27号). Here a benchmark is a violation code and its
tiers; a tier is a conjunction of conditions on the recorded facts (ranges on the amount
involved, the illegal income and the duration; the harm level; first offence, corrected,
cooperated) mapped to penalty kinds and a fine range (fixed yuan, or multiples of the
illegal income).

The tiers of one benchmark must partition the space of facts: every possible case falls in
exactly one tier. `validate` proves it by enumerating the elementary cells that the tiers'
bounds cut the space into (only the dimensions some tier constrains), and names the rows
that overlap or the gap that no row covers. `compile_benchmark` turns the same cells into a
flat lookup table, so an evaluation is a few bisections and one index: no tier scan.

Pure Python, no Django (contract `law-pure`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import product

HARMS = ("none", "minor", "serious")
HARM_LABELS = {"none": "未造成危害后果", "minor": "危害后果轻微", "serious": "危害后果严重"}

# Penalty kinds of 《行政处罚法》第九条, by code.
KINDS = {
    "warning": "警告",
    "criticism": "通报批评",
    "fine": "罚款",
    "confiscate_income": "没收违法所得",
    "confiscate_property": "没收非法财物",
    "suspend_licence": "暂扣许可证件",
    "downgrade": "降低资质等级",
    "revoke_licence": "吊销许可证件",
    "restrict_business": "限制开展生产经营活动",
    "suspend_business": "责令停产停业",
    "close": "责令关闭",
    "restrict_practice": "限制从业",
    "detention": "行政拘留",
}
KIND_BY_LABEL = {v: k for k, v in KINDS.items()}

# The numeric facts: key, Chinese name, unit.
NUMERIC = (("amount_involved", "涉案金额", "元"),
           ("illegal_income", "违法所得", "元"),
           ("duration_days", "持续时间", "日"))
FLAGS = (("first_offence", "初次违法", "非初次违法"),
         ("corrected", "已及时改正", "未改正"),
         ("cooperated", "配合调查", "不配合调查"))
NUMERIC_NAMES = {k: n for k, n, _ in NUMERIC}
FLAG_NAMES = {k: (yes, no) for k, yes, no in FLAGS}


class BenchmarkError(ValueError):
    """A benchmark that cannot be used (overlap, gap, bad bounds). Message in Chinese;
    `rows` are the source rows concerned (spreadsheet row numbers)."""

    def __init__(self, message: str, rows: Sequence[int] = ()):
        super().__init__(message)
        self.message = message
        self.rows = tuple(rows)


class MissingFact(ValueError):
    """The benchmark needs a fact that the case has not recorded."""

    def __init__(self, key: str):
        name = NUMERIC_NAMES.get(key) or FLAG_NAMES.get(key, (key,))[0]
        if key == "harm":
            name = "危害后果"
        super().__init__(f"缺少认定裁量档次所需的事实：{name}")
        self.key = key
        self.message = str(self)


@dataclass(frozen=True)
class Span:
    """A half-open numeric range [low, high); None is unbounded on that side."""

    low: Decimal | None = None
    high: Decimal | None = None

    def contains(self, x: Decimal) -> bool:
        return (self.low is None or x >= self.low) and (self.high is None or x < self.high)

    @property
    def unbounded(self) -> bool:
        return self.low is None and self.high is None

    def describe(self, name: str, unit: str) -> str:
        if self.low is not None and self.high is not None:
            return f"{name}{_num(self.low)}{unit}以上不满{_num(self.high)}{unit}"
        if self.low is not None:
            return f"{name}{_num(self.low)}{unit}以上"
        if self.high is not None:
            return f"{name}不满{_num(self.high)}{unit}"
        return ""


def _num(x: Decimal) -> str:
    return format(x.normalize(), "f") if x == x.to_integral() else str(x)


@dataclass(frozen=True)
class Tier:
    """One row of a benchmark. Conditions left as None match any value."""

    code: str
    label: str
    amount_involved: Span = Span()
    illegal_income: Span = Span()
    duration_days: Span = Span()
    harm: frozenset[str] | None = None
    first_offence: bool | None = None
    corrected: bool | None = None
    cooperated: bool | None = None
    kinds: tuple[str, ...] = ()
    fine_min: Decimal | None = None  # yuan
    fine_max: Decimal | None = None
    multiple_min: Decimal | None = None  # times the illegal income
    multiple_max: Decimal | None = None
    row: int = 0  # source row, for messages

    def span(self, key: str) -> Span:
        return getattr(self, key)

    def conditions(self) -> tuple[str, ...]:
        """The Chinese conditions of this tier, in a fixed order (what decided it)."""
        out = []
        for key, name, unit in NUMERIC:
            text = self.span(key).describe(name, unit)
            if text:
                out.append(text)
        if self.harm is not None:
            out.append("或".join(HARM_LABELS[h] for h in HARMS if h in self.harm))
        for key, yes, no in FLAGS:
            value = getattr(self, key)
            if value is not None:
                out.append(yes if value else no)
        return tuple(out)

    def fine_range(self, illegal_income: Decimal | None) -> tuple[Decimal | None, Decimal | None]:
        """The fine range in yuan for these facts (multiples need the illegal income)."""
        if self.multiple_min is None and self.multiple_max is None:
            return self.fine_min, self.fine_max
        income = illegal_income or Decimal(0)
        low = None if self.multiple_min is None else (self.multiple_min * income).quantize(Decimal("0.01"))
        high = None if self.multiple_max is None else (self.multiple_max * income).quantize(Decimal("0.01"))
        return low, high


@dataclass(frozen=True)
class Benchmark:
    violation_code: str
    tiers: tuple[Tier, ...]
    version: str = ""


@dataclass(frozen=True)
class Result:
    tier: Tier
    fine_min: Decimal | None
    fine_max: Decimal | None
    conditions: tuple[str, ...]


# -- validation ------------------------------------------------------------------------


def _check_tier(t: Tier) -> None:
    where = f"第 {t.row} 行（{t.label or t.code}）"
    for key, name, _ in NUMERIC:
        s = t.span(key)
        if s.low is not None and s.high is not None and s.low >= s.high:
            raise BenchmarkError(f"{where}：{name}下限应小于上限", [t.row])
        if s.low is not None and s.low < 0:
            raise BenchmarkError(f"{where}：{name}不能为负数", [t.row])
    if t.harm is not None and (not t.harm or not t.harm <= set(HARMS)):
        raise BenchmarkError(f"{where}：危害后果只能是“无”“轻微”“严重”", [t.row])
    unknown = [k for k in t.kinds if k not in KINDS]
    if unknown:
        raise BenchmarkError(f"{where}：未知的处罚种类“{unknown[0]}”", [t.row])
    fixed = t.fine_min is not None or t.fine_max is not None
    multiple = t.multiple_min is not None or t.multiple_max is not None
    if fixed and multiple:
        raise BenchmarkError(f"{where}：罚款金额与违法所得倍数只能填一种", [t.row])
    for low, high, name in ((t.fine_min, t.fine_max, "罚款"), (t.multiple_min, t.multiple_max, "倍数")):
        if low is not None and low < 0:
            raise BenchmarkError(f"{where}：{name}下限不能为负数", [t.row])
        if low is not None and high is not None and low > high:
            raise BenchmarkError(f"{where}：{name}下限不能大于上限", [t.row])
    if (fixed or multiple) and "fine" not in t.kinds:
        raise BenchmarkError(f"{where}：填写了罚款幅度，处罚种类应包含“罚款”", [t.row])
    if "fine" in t.kinds and not (fixed or multiple):
        raise BenchmarkError(f"{where}：处罚种类包含“罚款”，应填写罚款幅度", [t.row])


@dataclass
class _Grid:
    """The elementary cells of the fact space cut by the tiers' bounds."""

    numeric: list[tuple[str, list[Decimal]]] = field(default_factory=list)  # key, cut points
    harm: bool = False
    flags: list[str] = field(default_factory=list)

    def axes(self) -> list[list[object]]:
        axes: list[list[object]] = []
        for _, cuts in self.numeric:
            axes.append(list(range(len(cuts) + 1)))
        if self.harm:
            axes.append(list(HARMS))
        for _ in self.flags:
            axes.append([False, True])
        return axes

    def sample(self, key: str, cuts: list[Decimal], i: int) -> Decimal:
        """A representative value of interval i: (-inf, c0), [c0, c1), …, [cn, inf)."""
        return cuts[i - 1] if i > 0 else (cuts[0] - 1 if cuts else Decimal(0))


def _grid(tiers: Sequence[Tier]) -> _Grid:
    g = _Grid()
    for key, _, _ in NUMERIC:
        cuts = sorted({b for t in tiers for b in (t.span(key).low, t.span(key).high) if b is not None})
        if cuts:
            g.numeric.append((key, cuts))
    g.harm = any(t.harm is not None for t in tiers)
    g.flags = [k for k, _, _ in FLAGS if any(getattr(t, k) is not None for t in tiers)]
    return g


def _matches(t: Tier, g: _Grid, cell: tuple[object, ...]) -> bool:
    pos = 0
    for key, cuts in g.numeric:
        if not t.span(key).contains(g.sample(key, cuts, cell[pos])):  # type: ignore[arg-type]
            return False
        pos += 1
    if g.harm:
        if t.harm is not None and cell[pos] not in t.harm:
            return False
        pos += 1
    for key in g.flags:
        want = getattr(t, key)
        if want is not None and want != cell[pos]:
            return False
        pos += 1
    return True


def _describe_cell(g: _Grid, cell: tuple[object, ...]) -> str:
    parts, pos = [], 0
    for key, cuts in g.numeric:
        i = cell[pos]
        low = cuts[i - 1] if i > 0 else None  # type: ignore[operator]
        high = cuts[i] if i < len(cuts) else None  # type: ignore[operator]
        name, unit = next((n, u) for k, n, u in NUMERIC if k == key)
        parts.append(Span(low, high).describe(name, unit))
        pos += 1
    if g.harm:
        parts.append(HARM_LABELS[cell[pos]])  # type: ignore[index]
        pos += 1
    for key in g.flags:
        yes, no = FLAG_NAMES[key]
        parts.append(yes if cell[pos] else no)
        pos += 1
    return "、".join(p for p in parts if p) or "任何情形"


def _cells(tiers: Sequence[Tier]) -> tuple[_Grid, list[tuple[tuple[object, ...], int]]]:
    """Each cell with the index of the one tier covering it; raises on overlap or gap."""
    g = _grid(tiers)
    out = []
    for cell in product(*g.axes()):
        if _negative(g, cell):
            continue
        hits = [i for i, t in enumerate(tiers) if _matches(t, g, cell)]
        if not hits:
            raise BenchmarkError(f"档次有缺口：{_describe_cell(g, cell)}的情形不属于任何档次")
        if len(hits) > 1:
            a, b = tiers[hits[0]], tiers[hits[1]]
            raise BenchmarkError(
                f"档次重叠：第 {a.row} 行（{a.label}）与第 {b.row} 行（{b.label}）"
                f"都适用于{_describe_cell(g, cell)}的情形", [a.row, b.row])
        out.append((cell, hits[0]))
    return g, out


def _negative(g: _Grid, cell: tuple[object, ...]) -> bool:
    """Cells wholly below zero: no real case has a negative amount or duration."""
    for pos, (_, cuts) in enumerate(g.numeric):
        i = cell[pos]
        if i < len(cuts) and cuts[i] <= 0:  # type: ignore[operator]
            return True
    return False


def validate(benchmark: Benchmark) -> None:
    """Raise BenchmarkError naming the row(s) unless the tiers partition the facts."""
    if not benchmark.tiers:
        raise BenchmarkError(f"违法行为“{benchmark.violation_code}”没有任何档次")
    codes: dict[str, int] = {}
    for t in benchmark.tiers:
        _check_tier(t)
        if t.code in codes:
            raise BenchmarkError(f"第 {t.row} 行：档次编码“{t.code}”与第 {codes[t.code]} 行重复",
                                 [codes[t.code], t.row])
        codes[t.code] = t.row
    _cells(benchmark.tiers)


# -- evaluation ------------------------------------------------------------------------


def _decimal(facts: Mapping[str, object], key: str) -> Decimal:
    value = facts.get(key)
    if value is None or isinstance(value, bool):
        raise MissingFact(key)
    return value if isinstance(value, Decimal) else Decimal(str(value))


class Compiled:
    """A validated benchmark as a flat lookup table over its cells."""

    __slots__ = ("benchmark", "_numeric", "_strides", "_harm_stride", "_flags", "_table")

    def __init__(self, benchmark: Benchmark):
        validate(benchmark)
        g, cells = _cells(benchmark.tiers)
        self.benchmark = benchmark
        sizes = [len(cuts) + 1 for _, cuts in g.numeric] + ([3] if g.harm else []) + [2] * len(g.flags)
        strides, acc = [], 1
        for size in reversed(sizes):
            strides.append(acc)
            acc *= size
        strides.reverse()
        n = len(g.numeric)
        self._numeric = tuple((key, cuts, strides[i]) for i, (key, cuts) in enumerate(g.numeric))
        self._harm_stride = strides[n] if g.harm else 0
        first_flag = n + (1 if g.harm else 0)
        self._flags = tuple((key, strides[first_flag + i]) for i, key in enumerate(g.flags))
        table: list[Tier | None] = [None] * acc
        for cell, tier_index in cells:
            table[self._index_of_cell(cell, strides)] = benchmark.tiers[tier_index]
        self._table = table

    @staticmethod
    def _index_of_cell(cell: tuple[object, ...], strides: list[int]) -> int:
        index = 0
        for value, stride in zip(cell, strides, strict=True):
            if isinstance(value, bool):
                value = int(value)
            elif isinstance(value, str):
                value = HARMS.index(value)
            index += value * stride  # type: ignore[operator]
        return index

    def tier(self, facts: Mapping[str, object]) -> Tier:
        index = 0
        for key, cuts, stride in self._numeric:
            index += bisect_right(cuts, _decimal(facts, key)) * stride
        if self._harm_stride:
            harm = facts.get("harm")
            if harm not in HARMS:
                raise MissingFact("harm")
            index += HARMS.index(harm) * self._harm_stride  # type: ignore[arg-type]
        for key, stride in self._flags:
            value = facts.get(key)
            if not isinstance(value, bool):
                raise MissingFact(key)
            if value:
                index += stride
        tier = self._table[index]
        if tier is None:  # only negative amounts land in the cells left out
            raise MissingFact(self._numeric[0][0] if self._numeric else "harm")
        return tier

    def evaluate(self, facts: Mapping[str, object]) -> Result:
        tier = self.tier(facts)
        income = facts.get("illegal_income")
        low, high = tier.fine_range(None if income is None else Decimal(str(income)))
        return Result(tier, low, high, tier.conditions())


def compile_benchmark(benchmark: Benchmark) -> Compiled:
    return Compiled(benchmark)


def evaluate_naive(benchmark: Benchmark, facts: Mapping[str, object]) -> Tier:
    """The baseline: scan the tiers and test every condition (what `Compiled` replaces)."""
    for t in benchmark.tiers:
        if _tier_matches(t, facts):
            return t
    raise BenchmarkError("没有适用的档次")


def _tier_matches(t: Tier, facts: Mapping[str, object]) -> bool:
    for key, _, _ in NUMERIC:
        s = t.span(key)
        if not s.unbounded and not s.contains(_decimal(facts, key)):
            return False
    if t.harm is not None and facts.get("harm") not in t.harm:
        return False
    for key, _, _ in FLAGS:
        want = getattr(t, key)
        if want is not None and facts.get(key) is not want:
            return False
    return True


# -- deviation -------------------------------------------------------------------------


def deviation(result: Result, proposed_fine: Decimal | None, kinds: Sequence[str]) -> str | None:
    """How a proposed penalty departs from the tier, in Chinese; None when it is within."""
    tier, problems = result.tier, []
    outside = [k for k in kinds if k not in tier.kinds]
    if outside:
        problems.append("处罚种类“" + "、".join(KINDS.get(k, k) for k in outside)
                        + f"”不在“{tier.label}”档规定的种类内")
    if proposed_fine is not None:
        if "fine" not in tier.kinds:
            problems.append(f"“{tier.label}”档不处罚款，拟罚款{_num(proposed_fine)}元")
        elif result.fine_min is not None and proposed_fine < result.fine_min:
            problems.append(f"拟罚款{_num(proposed_fine)}元，低于“{tier.label}”档下限{_num(result.fine_min)}元")
        elif result.fine_max is not None and proposed_fine > result.fine_max:
            problems.append(f"拟罚款{_num(proposed_fine)}元，高于“{tier.label}”档上限{_num(result.fine_max)}元")
    elif "fine" in tier.kinds:
        problems.append(f"“{tier.label}”档应处罚款{fine_text(result)}，拟不罚款")
    return "；".join(problems) or None


def fine_text(result: Result | Tier) -> str:
    low, high = (result.fine_min, result.fine_max)
    if low is None and high is None:
        return "（无罚款）"
    if low is not None and high is not None:
        return f"{_num(low)}元至{_num(high)}元"
    return f"{_num(low)}元以上" if low is not None else f"{_num(high)}元以下"  # type: ignore[arg-type]


# -- exemptions (《行政处罚法》第三十条、第三十一条、第三十三条) -----------------------------

PENALTY_LAW = "《行政处罚法》"


@dataclass(frozen=True)
class ListEntry:
    """An entry of an agency's 首违不罚 or 轻微违法不予处罚 list; caps are optional limits."""

    violation_code: str
    max_amount_involved: Decimal | None = None
    max_illegal_income: Decimal | None = None

    def admits(self, facts: Mapping[str, object]) -> bool:
        for key, cap in (("amount_involved", self.max_amount_involved),
                         ("illegal_income", self.max_illegal_income)):
            if cap is not None:
                value = facts.get(key)
                if value is None or Decimal(str(value)) > cap:
                    return False
        return True


@dataclass(frozen=True)
class ExemptionFinding:
    kind: str  # "no_penalty" | "minor" | "first_offence"
    basis: str
    mandatory: bool
    reason: str


def exemption(facts: Mapping[str, object], *, minor_entry: ListEntry | None = None,
              first_entry: ListEntry | None = None) -> ExemptionFinding | None:
    """Which exemption the facts meet, the mandatory ones first.

    - under 14 (Art. 30) and persons unable to recognise or control their conduct (Art. 31):
      no penalty;
    - a minor violation promptly corrected without harmful consequences (Art. 33(1), first
      sentence): no penalty; "minor" is the officer's finding (`minor`) or the violation is
      on the agency's 轻微违法不予处罚清单 within the entry's caps;
    - first violation, harm at most minor, promptly corrected, on the agency's 首违不罚 list
      (Art. 33(1), second sentence): the agency *may* waive the penalty.
    """
    age = facts.get("age")
    if isinstance(age, int) and not isinstance(age, bool) and age < 14:
        return ExemptionFinding("no_penalty", f"{PENALTY_LAW}第三十条", True,
                                "不满十四周岁的未成年人有违法行为的，不予行政处罚")
    if facts.get("mental_incapacity") is True:
        return ExemptionFinding("no_penalty", f"{PENALTY_LAW}第三十一条", True,
                                "精神病人、智力残疾人在不能辨认或者不能控制自己行为时有违法行为的，不予行政处罚")
    corrected, harm = facts.get("corrected") is True, facts.get("harm")
    if corrected and harm == "none":
        if minor_entry is not None and minor_entry.admits(facts):
            return ExemptionFinding("minor", f"{PENALTY_LAW}第三十三条第一款", True,
                                    "属于轻微违法不予处罚清单事项，及时改正，没有造成危害后果，不予行政处罚")
        if facts.get("minor") is True:
            return ExemptionFinding("no_penalty", f"{PENALTY_LAW}第三十三条第一款", True,
                                    "违法行为轻微并及时改正，没有造成危害后果，不予行政处罚")
    if (first_entry is not None and facts.get("first_offence") is True and corrected
            and harm in ("none", "minor") and first_entry.admits(facts)):
        return ExemptionFinding("first_offence", f"{PENALTY_LAW}第三十三条第一款", False,
                                "初次违法且危害后果轻微并及时改正，可以不予行政处罚（首违不罚清单事项）")
    return None
