"""Write the frozen test vectors (run once; the tests recompute and compare).

    .venv/bin/python verifier/vectors/make_vectors.py

The RFC 3797 expectation is typed in from the RFC's own worked example (§6), not
computed here, so it checks our code instead of echoing it.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from fazhi.law import draws  # noqa: E402

RFC3797_INPUT = {
    "sources": ["9319", [2, 5, 12, 8, 10], [9, 18, 26, 34, 41, 45]],
    "candidates": [
        "John",
        "Mary",
        "Bashful",
        "Dopey",
        "Sleepy",
        "Grouchy",
        "Doc",
        "Sneazy",
        "Handsome",
        "Cassandra",
        "Pollyanna",
        "Pendragon",
        "Pandora",
        "Faith",
        "Hope",
        "Charity",
        "Lee",
        "Longsuffering",
        "Chastity",
        "Smith",
        "Pride",
        "Sloth",
        "Envy",
        "Anger",
        "Kasczynski",
    ],  # fmt: skip
    "count": 10,
}
# RFC 3797 §6: selected #17, #7, #2, #16, #25, #23, #8, #24, #19, #13.
RFC3797_EXPECTED = [
    "Lee",
    "Doc",
    "Mary",
    "Charity",
    "Kasczynski",
    "Envy",
    "Sneazy",
    "Anger",
    "Chastity",
    "Pandora",
]

SYNTHETIC = HERE / "synthetic-1000"
SPEC = draws.DrawSpec(
    draw_id="XM-TEST-2025-001",
    pools=(
        draws.PoolSpec("organisation", quota=8, alternates=2),  # 5 records: 3 move on
        draws.PoolSpec("family", quota=40, alternates=5),
        draws.PoolSpec("individual", quota=60, alternates=10),
    ),
    sources=(
        draws.SourceSpec("kl8-2025150", ("kl8-2025151",), "福彩快乐8 draw 2025150, 20 numbers"),
        draws.SourceSpec("sse-close-2025-06-03", (), "SSE Composite close, 2 decimals"),
    ),
    max_weight=5,
    unused_quota="move-next",
)
SOURCES = {
    "values": {
        "kl8-2025150": None,  # not drawn: the fallback is used and recorded
        "kl8-2025151": [
            3,
            7,
            12,
            18,
            22,
            25,
            31,
            36,
            40,
            44,
            47,
            51,
            55,
            58,
            61,
            66,
            70,
            73,
            77,
            80,
        ],
        "sse-close-2025-06-03": "3361.980",
    }
}
R_N = hashlib.sha256(b"fazhi draw-v1 test vector r_N").digest()


def synthetic_records() -> list[tuple[str, str, int]]:
    """1,000 deterministic records: 5 organisations, 150 weighted families, 845 people."""
    out = []
    for i in range(1000):
        code = str(
            int.from_bytes(hashlib.sha256(b"code%d" % i).digest()[:8], "big") % 10**13
        ).zfill(13)
        if i < 5:
            out.append((code, "organisation", 1))
        elif i < 155:
            out.append((code, "family", 1 + i % 5))
        else:
            out.append((code, "individual", 1))
    return out


def synthetic_bundle() -> dict[str, bytes]:
    """Every file of the synthetic bundle, as bytes."""
    pool_data = draws.build_pool_file(synthetic_records(), SPEC.max_weight)
    c_n = draws.notary_commitment(SPEC.draw_id, R_N)
    result = draws.run_draw(SPEC, pool_data, SOURCES["values"], R_N, c_n)
    pool = draws.load_pool(SPEC, pool_data)
    tree = draws.MerkleTree(pool)
    winner = result.pools[1]["winners"][0]["code"]
    loser = next(
        c.decode()
        for c in pool.pools["individual"].codes
        if c.decode() not in json.dumps(result.pools)
    )
    return {
        "spec.json": SPEC.to_json(),
        "pool.csv": pool_data,
        "sources.json": draws.canonical_json(SOURCES),
        "reveal.txt": R_N.hex().encode() + b"\n",
        "commitment.json": draws.canonical_json(result.commitment),
        "result.json": result.to_json(),
        "receipt-winner.json": draws.canonical_json(tree.receipt(winner, SPEC.draw_id)),
        "receipt-loser.json": draws.canonical_json(tree.receipt(loser, SPEC.draw_id)),
    }


def main() -> None:
    (HERE / "rfc3797-example.json").write_bytes(draws.canonical_json(RFC3797_INPUT))
    (HERE / "rfc3797-example.expected").write_text("\n".join(RFC3797_EXPECTED) + "\n")
    SYNTHETIC.mkdir(exist_ok=True)
    for name, data in synthetic_bundle().items():
        (SYNTHETIC / name).write_bytes(data)
    print(f"wrote vectors under {HERE}")


if __name__ == "__main__":
    main()
