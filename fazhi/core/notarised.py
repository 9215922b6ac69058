"""The notary's part of a draw-v1 draw, shared by lottery rounds and inspection plans.

random-draws.md §5.2: the notary commits c_N = H("XM-DRAW-v1/notary" ‖ draw_id ‖ r_N)
before any source value exists; the pre-named public sources are entered with evidence;
the notary then reveals r_N, which must open c_N; the seed needs both. Failure rules
(§5.2, §2.4; ADR 0003, ADR 0017): a reveal that does not open c_N is a failed reveal, so
the draw is **void** — recorded and published with the value revealed — and can only be
re-run with a new commitment and later sources never used before. No other re-draw path.

The pure parts (hashes, canonical sources, the seed) are `fazhi.law.draws`; this module
holds the steps on the owner row, run inside the owner's command (the `change` of
`fazhi.core.chains.run_command`, under its row lock), with the same refusals for both
apps in each app's words (`Terms`). The owner has the fields `notary_commitment`,
`source_values`, `source_evidence`, `notary_reveal`, `attempt`, `void_reason`,
`void_attempts`, `state` and the property `draw_id` (its attempt included).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from fazhi.core.errors import InvalidData, NotAllowed
from fazhi.law import draws, inputs
from fazhi.law.rfc3797 import SourceValueError, canonical_source


def hex32(value: str, what: str, field: str) -> bytes:
    """32 bytes given as 64 hex digits (commitments, secrets), or a clear InvalidData."""
    raw = (value or "").strip().lower()
    try:
        out = bytes.fromhex(raw)
    except ValueError:
        out = b""
    if len(out) != 32:
        raise InvalidData(f"{what}应为 64 位十六进制数字（32 字节）", field=field)
    return out


@dataclass(frozen=True)
class Terms:
    """How an app names the notary and the draw in its messages."""

    notary: str  # who reveals: 公证员 / 监督人
    secret: str  # r_N: 公证随机数 / 监督人随机数
    commitment: str  # c_N: 公证承诺 / 监督人承诺
    draw: str  # the act: 摇号 / 抽取
    rules: str  # where the sources are named: 摇号公告 / 计划


def _nothing(owner: Any, now: datetime) -> None:
    return None


@dataclass(frozen=True)
class NotarisedDraw:
    """The protocol steps for one kind of owner: its words, its void state, and what else
    a void changes on it (a lottery round publishes the void at once)."""

    terms: Terms
    void_state: str
    on_void: Callable[[Any, datetime], None] = field(default=_nothing)

    # -- commitment (T−1) --------------------------------------------------------------

    def commitment(self, text: str) -> bytes:
        """c_N as typed (64 hex digits), checked before the command runs."""
        return hex32(text, f"{self.terms.commitment} c_N ", "commitment")

    def secret(self, text: str) -> bytes:
        """r_N as typed (64 hex digits), checked before the command runs."""
        return hex32(text, f"{self.terms.secret} r_N ", "reveal")

    def commit(self, owner: Any, c_n: bytes) -> dict:
        """Record c_N, made offline by the notary."""
        owner.notary_commitment = c_n.hex()
        return {"notary_commitment": owner.notary_commitment, "draw_id": owner.draw_id}

    # -- public sources (T) ------------------------------------------------------------

    @staticmethod
    def source_value(value: str | None) -> str | None:
        """A source value as entered: None when not published, else checked canonical text."""
        value = (value or "").strip() or None
        if value is not None:
            try:
                canonical_source(value)
            except SourceValueError as exc:
                raise InvalidData(f"随机源取值格式不正确（应为以空格分隔的非负数）：{exc}",
                                  field="value") from None
        return value

    def enter_source(self, owner: Any, source_id: str, value: str | None, evidence: dict,
                     ids: Iterable[str]) -> dict:
        """Record one named source's value (None: not published) with its evidence."""
        if source_id not in set(ids):
            raise InvalidData(f"该随机源不在{self.terms.rules}列明的随机源中", field="source_id")
        if owner.notary_reveal:
            raise NotAllowed(f"{self.terms.secret}已公开，随机源不得再修改")
        owner.source_values = {**owner.source_values, source_id: value}
        owner.source_evidence = {**owner.source_evidence, source_id: evidence}
        return {"source": source_id, "value": value, "evidence": evidence}

    # -- reveal (T + ε) ----------------------------------------------------------------

    def reveal(self, owner: Any, r_n: bytes, sources: Sequence[draws.SourceSpec],
               now: datetime) -> dict:
        """r_N after every source slot resolves. A reveal that does not open c_N voids the
        draw (random-draws.md §5.2 failure rules; ADR 0017), recorded with the value."""
        if owner.notary_reveal:
            raise NotAllowed(f"{self.terms.secret}已经公开")
        canonical, used = resolve(sources, owner.source_values)  # r_N must not precede them
        try:
            draws.check_notary_reveal(owner.draw_id, r_n, bytes.fromhex(owner.notary_commitment))
        except draws.NotaryRevealMismatch:
            t = self.terms
            reason = (f"{t.notary}公开的随机数 r_N 与事先提交的承诺 c_N 不符，按失败规则本次{t.draw}"
                      f"无效；重新{t.draw}须提交新的承诺并使用更晚的随机源")
            self.void(owner, reason, now, reveal=r_n.hex())
            return {"reveal": r_n.hex(), "matches": False, "void_reason": reason}
        owner.notary_reveal = r_n.hex()
        return {"reveal": r_n.hex(), "matches": True, "sources": used, "canonical": canonical}

    def require_reveal(self, owner: Any) -> None:
        """Refuse a draw before r_N is revealed."""
        if not owner.notary_reveal:
            raise NotAllowed(f"{self.terms.notary}尚未公开随机数 r_N，不能{self.terms.draw}")

    def check_frozen(self, committed_hex: str, actual_hex: str) -> None:
        """Refuse a draw over input other than what was committed at the freeze."""
        if committed_hex != actual_hex:
            raise NotAllowed(f"名单文件与冻结时公布的哈希不一致，{self.terms.draw}中止")

    # -- void and re-run ---------------------------------------------------------------

    def void_reason(self, text: str) -> str:
        """Why a draw is declared void, as typed: required, no control characters."""
        if not (text or "").strip():
            raise InvalidData(f"请说明{self.terms.draw}无效的原因", field="reason")
        try:
            return inputs.text(text.strip())
        except inputs.InputError as exc:
            raise InvalidData(str(exc), field="reason") from None

    def void(self, owner: Any, reason: str, now: datetime, **extra: str) -> None:
        """The draw is void; the attempt is kept with its commitment and sources."""
        owner.state, owner.void_reason = self.void_state, reason
        owner.void_attempts = [*owner.void_attempts, {
            "attempt": owner.attempt, "draw_id": owner.draw_id, "reason": reason,
            "at": now.isoformat(), "notary_commitment": owner.notary_commitment,
            "sources": owner.source_values, **extra}]
        self.on_void(owner, now)

    def rerun(self, owner: Any, before: Iterable[str], after: Iterable[str]) -> dict:
        """A new attempt on the same frozen input: a new draw id, so a new commitment, and
        only sources never named or used by an earlier attempt (`before`: the source ids
        named until now; `after`: the new ones)."""
        used = {i for a in owner.void_attempts for i in a.get("sources", {})} | set(before)
        if used & set(after):
            raise InvalidData(f"重新{self.terms.draw}必须使用更晚的、未曾使用过的随机源",
                              field="sources")
        owner.attempt += 1
        owner.notary_commitment = owner.notary_reveal = owner.void_reason = ""
        owner.source_values, owner.source_evidence = {}, {}
        return {"attempt": owner.attempt, "draw_id": owner.draw_id}


def source_ids(sources: Iterable[draws.SourceSpec]) -> list[str]:
    """Every source id a specification names, fallbacks included, in order."""
    return [i for s in sources for i in s.candidates()]


def resolve(sources: Sequence[draws.SourceSpec], values: dict) -> tuple[str, list[dict]]:
    """The canonical source text and the ids used, or why the draw cannot go on."""
    try:
        return draws.resolve_sources(tuple(sources), values)
    except draws.SourceUnavailable as exc:
        raise NotAllowed(f"随机源及其备用源均未录入，不能继续：{exc}") from None
    except draws.DrawError as exc:
        raise InvalidData(f"随机源取值无效：{exc}") from None


def verifier_files(owner: Any, pool_name: str, pool_file: str) -> dict[str, bytes]:
    """The files anyone needs to re-run a drawn draw (verifier/README.md): the frozen
    specification and pool (`pool_name`: what the owner calls its frozen list), the
    source values, the notary's reveal, the result and the commitment it opened."""
    result = json.loads(owner.result_json)
    return {
        "spec.json": owner.spec_json.encode("utf-8"),
        pool_name: pool_file.encode("utf-8"),
        "sources.json": draws.canonical_json({"values": owner.source_values}),
        "reveal.txt": (owner.notary_reveal + "\n").encode("ascii"),
        "result.json": owner.result_json.encode("utf-8"),
        "commitment.json": draws.canonical_json(result["commitment"]),
    }
