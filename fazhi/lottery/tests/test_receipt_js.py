"""The browser receipt check (static/lottery/receipt.js) agrees with the kernel.

Runs the script under Node with a stub DOM when Node is installed; no browser needed.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from fazhi.law import draws

ROOT = Path(__file__).resolve().parents[3]
HARNESS = """
import fs from "fs";
const [script, receiptText, root] = process.argv.slice(2);
let ready, click; const out = {};
const button = {dataset: {receiptId: "r", root}, addEventListener: (e, fn) => { click = fn; }};
globalThis.window = globalThis;
globalThis.document = {addEventListener: (e, fn) => { ready = fn; },
  getElementById: (id) => id === "check-receipt" ? button
    : id === "receipt-result" ? out : {textContent: receiptText}};
eval(fs.readFileSync(script, "utf8")); ready(); await click();
console.log(out.textContent);
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js not installed")
@pytest.mark.parametrize("size", [1, 2, 7, 8, 13])
def test_browser_check_accepts_true_receipts_and_rejects_a_wrong_root(tmp_path, size):
    data = draws.build_pool_file([(f"C{i:04d}", "p", 1) for i in range(size)])
    tree = draws.MerkleTree(draws.parse_pool_file(data))
    receipt = tree.receipt(f"C{size - 1:04d}", "T-1")
    harness = tmp_path / "h.mjs"
    harness.write_text(HARNESS)
    script = str(ROOT / "fazhi/lottery/static/lottery/receipt.js")

    def run(root: str) -> str:
        return subprocess.run(["node", str(harness), script, json.dumps(receipt), root],
                              capture_output=True, text=True, timeout=60, check=True).stdout

    assert "核验通过" in run(tree.root.hex())
    assert "核验未通过" in run("00" * 32)
