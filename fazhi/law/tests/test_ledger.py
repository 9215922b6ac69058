"""The ledger encoding and the streaming verifier (pure Python; ADR 0001, ADR 0018)."""

import random
from dataclasses import dataclass, replace

from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.law import ledger

AT = "2025-09-01T02:00:00.000000Z"
REPLY = '{"answer_type":"A2","text":"经审查，现将所申请的信息提供给您。"}'


def test_v1_hashes_are_unchanged():
    """Hashes written before ADR 0018 (digests computed with the v1 code, frozen here) still
    come out the same, so the checkpoints published over them stay valid."""
    assert ledger.event_hash("case", 12, 2, "reply", "王承办", AT, REPLY, "", "a" * 64,
                             fmt=ledger.V1) == \
        "e9af45739c4014b5b7ebcf6a8cbeb9b1310afdbe84afe25649e22828185da839"
    # the reporting audit trail hashed "<subject>.<action>"
    assert ledger.event_hash("task", 7, 2, "assign", "赵督察", AT, "{}", "", "b" * 64,
                             fmt=ledger.V1) == \
        "e347d1ff0b80424b4b9e1db049dc01e80918b1f0580a2d83f6cd33e30145e1c5"


def test_v2_hash_covers_the_owner_kind_and_the_state():
    base = ("case", 12, 2, "reply", "王承办", AT, REPLY, '{"state":"replied"}', "a" * 64)
    digest = ledger.event_hash(*base)
    assert ledger.event_hash("lottery", *base[1:]) != digest
    assert ledger.event_hash(*base[:7], '{"state":"closed"}', base[8]) != digest
    assert ledger.line_of(*base).split("\x1f")[0] == "fazhi-ledger-v2"


# -- the streaming verifier over synthetic ledgers --------------------------------------------


@dataclass(frozen=True)
class Row:
    id: int
    kind: str
    owner: int
    seq: int
    action: str
    actor: str
    at: str
    payload: str
    state: str
    format: int
    prev: str
    hash: str

    def tuple(self) -> tuple:
        return (self.id, self.kind, self.owner, self.seq, self.action, self.actor, self.at,
                self.payload, self.state, self.prev, self.hash)

    def rehashed(self) -> "Row":
        return replace(self, hash=ledger.event_hash(
            self.kind, self.owner, self.seq, self.action, self.actor, self.at, self.payload,
            self.state, self.prev, fmt=self.format))


def build(seed: int, owners: int = 6, events: int = 40) -> tuple[list[Row], dict]:
    """A valid interleaved ledger of two kinds, some events v1; and each owner's row."""
    rng = random.Random(seed)
    heads: dict[tuple[str, int], tuple[int, str, str]] = {}
    rows = []
    for event_id in range(1, events + 1):
        kind, owner = rng.choice(["case", "lottery"]), rng.randint(1, owners)
        seq, prev, _ = heads.get((kind, owner), (0, ledger.GENESIS, ""))
        fmt = ledger.V1 if seq < 2 and rng.random() < 0.3 else ledger.V2
        state = "" if fmt == ledger.V1 else ledger.canonical_payload({"state": f"s{seq + 1}"})
        row = Row(event_id, kind, owner, seq + 1, "act", "王承办", AT,
                  ledger.canonical_payload({"n": event_id}), state, fmt, prev, "").rehashed()
        heads[(kind, owner)] = (row.seq, row.hash, state)
        rows.append(row)
    return rows, heads


def run(rows: list[Row], heads: dict, owners: int = 6) -> tuple[ledger.ChainVerifier, list]:
    verifier = ledger.ChainVerifier()
    for kind in ("case", "lottery"):
        verifier.load_owners(kind, [
            (o, *(heads[(kind, o)][:2] if (kind, o) in heads else (0, "")),
             heads.get((kind, o), (0, "", '{"state":"new"}'))[2] or '{"state":"legacy"}')
            for o in range(1, owners + 1)])
    problems = list(verifier.feed(r.tuple() for r in rows))
    problems += list(verifier.finish())
    return verifier, problems


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10**6))
def test_an_intact_ledger_verifies_and_its_root_is_the_fold_of_every_hash(seed):
    rows, heads = build(seed)
    verifier, problems = run(rows, heads)
    assert problems == []
    root = ledger.GENESIS
    for row in rows:
        root = ledger.fold_root(root, row.hash)
    assert verifier.root == root and verifier.count == len(rows)


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 10**6), st.sampled_from(["payload", "state", "actor", "seq", "delete",
                                               "swap", "owner_state", "head"]))
def test_any_single_tampering_is_caught(seed, how):
    rows, heads = build(seed)
    rng = random.Random(seed)
    n = rng.randrange(len(rows))
    row = rows[n]
    if how == "payload":
        rows[n] = replace(row, payload='{"forged":1}')
    elif how == "state":
        rows[n] = replace(row, state='{"state":"forged"}')
    elif how == "actor":
        rows[n] = replace(row, actor="伪造")
    elif how == "seq":
        rows[n] = replace(row, seq=row.seq + 1)
    elif how == "delete":
        del rows[n]
    elif how == "swap":
        later = [m for m in range(n + 1, len(rows))
                 if (rows[m].kind, rows[m].owner) == (row.kind, row.owner)]
        if not later:
            return
        rows[n], rows[later[0]] = rows[later[0]], rows[n]
    else:
        key = (row.kind, row.owner)
        seq, head, state = heads[key]
        if how == "owner_state" and state:
            heads[key] = (seq, head, '{"state":"forged"}')
        elif how == "head":
            heads[key] = (seq, "f" * 64, state)
        else:
            return  # the owner's newest event is v1: its state is not recorded
    assert run(rows, heads)[1]


def test_a_consistent_rewrite_without_a_checkpoint_goes_unseen_and_the_checkpoint_sees_it():
    rows, heads = build(7)
    anchored, _ = run(rows, heads)
    first = rows[0]
    rows[0] = replace(first, payload='{"forged":1}').rehashed()
    chain = [rows[0]]
    for n, row in enumerate(rows[1:], 1):  # re-link every later event of the same owner
        if (row.kind, row.owner) == (first.kind, first.owner):
            rows[n] = replace(row, prev=chain[-1].hash).rehashed()
            chain.append(rows[n])
    heads[(first.kind, first.owner)] = (chain[-1].seq, chain[-1].hash,
                                        heads[(first.kind, first.owner)][2])
    rewritten, problems = run(rows, heads)
    assert problems == []  # internally consistent: only an anchor can tell
    assert rewritten.check_checkpoint(len(rows), anchored.count, anchored.root) is not None


def test_owner_missing_and_unknown_kind_are_reported():
    rows, heads = build(3)
    del heads[(rows[0].kind, rows[0].owner)]
    verifier = ledger.ChainVerifier()
    verifier.load_owners("case", [])
    codes = {p.code for p in verifier.feed(r.tuple() for r in rows)}
    assert {"owner_missing", "unknown_kind"} <= codes


def test_missing_ranges_and_owner_ranges():
    assert ledger.missing_ranges([11, 12, 15, 16], 10, 18) == [(13, 14), (17, 18)]
    assert ledger.missing_ranges([], 10, 10) == []
    assert ledger.owner_ranges([("case", 1, 3), ("case", 1, 4), ("plan", 2, 1)]) == [
        ("case", 1, 3, 4), ("plan", 2, 1, 1)]
