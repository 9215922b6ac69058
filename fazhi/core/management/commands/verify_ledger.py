import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from fazhi.core.ledger import SHOWN, Report, verify


class Command(BaseCommand):
    help = ("Verify every history (cases, lottery rounds, inspection plans, tasks, findings, "
            "reports, comments), each owner's head and state, and every checkpoint (账本校验). "
            "Exit status 1 when anything is inconsistent.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="print the report as JSON")
        parser.add_argument("--today", type=date.fromisoformat,
                            help="day the clocks are evaluated for (default: today)")

    def handle(self, *args, **options):
        report = verify(options["today"])
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write("\n".join(text_lines(report)))
        if not report.ok:
            raise CommandError(f"账本校验未通过：{len(report.problems)} 个问题")


def text_lines(report: Report) -> list[str]:
    label = report.labels.get
    lines = [f"账本校验：共 {report.events:,} 条记录，用时 {report.seconds:.2f} 秒"]
    for k in report.kinds:
        lines.append(f"  {k.label}（{k.kind}）：{k.owners:,} 个对象，{k.events:,} 条记录"
                     + (f"，{k.problems} 个问题" if k.problems else "，一致"))
    last = report.last_checkpoint
    if last is None:
        lines.append("检查点：尚无检查点，全部记录均未锚定。")
    else:
        roots = "有不一致" if any(p.code == "root_mismatch" for p in report.problems) \
            else "根值全部一致"
        lines.append(f"检查点：{report.checkpoints:,} 个，{roots}；最新检查点截至记录 "
                     f"#{last.upto_event_id}（共 {last.event_count:,} 条，"
                     f"{timezone.localtime(last.created_at):%Y-%m-%d %H:%M:%S}）。")
    tail = report.unanchored
    if tail.events:
        kinds = "，".join(f"{label(k, k)} {n:,}" for k, n in tail.by_kind.items())
        lines.append(f"检查点之后的 {tail.events:,} 条记录（{kinds}）未锚定：{report.unanchored_note}")
        owners = "；".join(f"{label(k, k)} {o} 第 {lo}–{hi} 条" if lo != hi
                          else f"{label(k, k)} {o} 第 {lo} 条" for k, o, lo, hi in tail.owners[:50])
        more = "" if tail.owners_complete and len(tail.owners) <= 50 else "；……"
        lines.append(f"  涉及：{owners}{more}")
    if tail.missing:
        ids = "、".join(f"#{a}" if a == b else f"#{a}–#{b}" for a, b in tail.missing_ids[:50])
        lines.append(f"  检查点之后缺失 {tail.missing:,} 个记录编号{'：' + ids if ids else ''}"
                     "（可能被删除；PostgreSQL 上也可能是回滚的写入或尚未提交的事务）。")
    unprovable = [(k.label, k.unprovable) for k in report.kinds if k.unprovable]
    if unprovable:
        text = "，".join(f"{name} {n:,} 个" for name, n in unprovable)
        lines.append(f"无法核对状态：{text}对象尚无记录或最新记录早于状态记录（v1 格式），"
                     "其当前状态无法由账本证明。")
    for problem in report.problems[:SHOWN]:
        where = "账本" if problem.kind is None else f"{label(problem.kind, problem.kind)} " \
                                                    f"{problem.owner_id}"
        if problem.seq is not None:
            where += f" 第 {problem.seq} 条"
        lines.append(f"  [{problem.code}] {where}：{problem.detail}")
    if len(report.problems) > SHOWN:
        lines.append(f"  ……另有 {len(report.problems) - SHOWN} 个问题（--json 列出全部）")
    lines.append("结果：通过" if report.ok else f"结果：未通过，{len(report.problems)} 个问题")
    return lines
