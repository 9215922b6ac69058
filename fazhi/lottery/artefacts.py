"""The published artefacts of a round anyone can verify with the kernel (fazhi.law.draws):
the result, a registrant's receipt (Merkle proof), the bundle and its zip, the commitment.
"""

import io
import zipfile
from functools import lru_cache

from fazhi.core.errors import NotAllowed, NotFound
from fazhi.core.notarised import verifier_files
from fazhi.law import draws
from fazhi.lottery.models import Lottery


def draws_result(lot: Lottery) -> dict:
    import json

    return json.loads(lot.result_json) if lot.result_json else {}


@lru_cache(maxsize=4)
def _tree(file_hash: str, pool_file: str) -> draws.MerkleTree:
    return draws.MerkleTree(draws.parse_pool_file(pool_file.encode("utf-8")))


def receipt(lot: Lottery, code: str) -> dict:
    """The applicant's inclusion receipt (line, Merkle path, root) from the frozen pool."""
    if not lot.pool_file:
        raise NotAllowed("名单尚未冻结，暂无入池凭证")
    try:
        return _tree(lot.file_hash, lot.pool_file).receipt(code, lot.draw_id)
    except draws.ReceiptError:
        raise NotFound("该申请编码不在冻结名单中") from None


def bundle(lot: Lottery) -> dict[str, bytes]:
    """The verifier bundle (verifier/README.md): spec, pool, sources, reveal, result."""
    if not lot.result_json:
        raise NotAllowed("摇号尚未完成，暂无验证材料")
    return verifier_files(lot, "pool.csv", lot.pool_file)


BUNDLE_ORDER = ("spec.json", "commitment.json", "pool.csv", "sources.json", "reveal.txt",
                "result.json")


def bundle_zip(lot: Lottery) -> bytes:
    """The bundle as one zip, files at its top level under the names `verify-draw --bundle`
    reads. Fixed order and timestamps: the same round always gives the same bytes."""
    files = bundle(lot)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in BUNDLE_ORDER:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type, info.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            archive.writestr(info, files[name])
    return out.getvalue()


def commitment_artefact(lot: Lottery) -> dict:
    """What is public at the freeze (T−1), before any source value exists."""
    return {"version": draws.VERSION, "hash": draws.HASH_NAME, "draw_id": lot.draw_id,
            "spec_sha256": draws.file_hash(lot.spec_json.encode("utf-8")).hex(),
            "file_hash": lot.file_hash, "merkle_root": lot.merkle_root,
            "records": sum(c["records"] for c in lot.counts.values()), "pools": lot.counts,
            "notary_commitment": lot.notary_commitment or None}
