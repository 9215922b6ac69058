"""Annual-report import: the seed, and a synthetic 200-page report built from it.

The baseline is `text.encode().decode()` over the same text: the cost of touching every
character once, so the ratio says how many "passes" the import is worth.
"""

import random
import re
from pathlib import Path

from bench.common import peak_rss_mb, table, timed
from fazhi.law.reportparse import import_report

SEED = Path(__file__).resolve().parents[1] / "fazhi" / "law" / "tests" / "fixtures"
SEED_FILE = SEED / "xiamen-2020-report.txt"
CN = "一二三四五六七八九十"
PAGE_CHARS = 1000


def _numeral(n: int) -> str:
    """1…99 as Chinese numerals, enough for synthetic headings."""
    tens, units = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CN[tens - 1] + "十")
    return head + (CN[units - 1] if units else "")


def synthetic_report(pages: int, seed: int = 2020) -> str:
    """~pages × 1,000 characters of report-like traditional text: "一、" parts with
    "(一)" areas and "1." items, sentences (with their inserted pinyin) drawn from the seed."""
    text = SEED_FILE.read_text(encoding="utf-8")
    sentences = [s for s in re.findall(r"[^。\n]+。", text) if len(s) > 15]
    rng = random.Random(seed)
    lines: list[str] = []
    size, part = 0, 0
    while size < pages * PAGE_CHARS:
        part += 1
        lines.append(f"{_numeral(part)}、{2000 + part % 30}年法治政府建設主要情況")
        for area in range(1, 10):
            lines.append(f"({_numeral(area)}){rng.choice(sentences)}" + rng.choice(sentences))
            for item in range(1, 4):
                lines.append(f"{item}." + "".join(rng.choices(sentences, k=3)))
        size = sum(len(line) for line in lines)
    lines.append(f"{_numeral(part + 1)}、2031年法治政府建設重點安排")
    lines += [f"({_numeral(i)}){rng.choice(sentences)}" for i in range(1, 9)]
    return "\n".join(lines)


def _row(name: str, data: bytes, repeat: int) -> list[tuple[str, str]]:
    text = data.decode("utf-8")
    base = min(timed(lambda: text.encode().decode())[0] for _ in range(repeat * 5))
    runs = [timed(lambda: import_report(data)) for _ in range(repeat)]
    seconds, result = min(runs, key=lambda r: r[0])
    return [
        (f"{name}: size", f"{len(text):,} chars, {len(data):,} bytes"),
        (f"{name}: import+normalise", f"{seconds:.3f} s ({len(text) / seconds:,.0f} chars/s)"),
        (f"{name}: baseline encode/decode", f"{base * 1e3:.3f} ms"),
        (f"{name}: ratio to baseline", f"{seconds / base:,.0f}×"),
        (
            f"{name}: found",
            f"{result.pinyin_removed} pinyin, {len(result.flags)} flags, {len(result.tasks)} tasks",
        ),
    ]


def main(quick: bool) -> None:
    pages = 20 if quick else 200
    import_report(SEED_FILE.read_bytes())  # warm up: OpenCC tables and regexes load once
    rows = _row("seed", SEED_FILE.read_bytes(), 3 if quick else 10)
    rows += _row(f"synthetic {pages} pages", synthetic_report(pages).encode(), 1 if quick else 3)
    rows.append(("peak RSS", f"{peak_rss_mb():.0f} MB"))
    table("report import (fazhi.law.reportparse)", rows)
