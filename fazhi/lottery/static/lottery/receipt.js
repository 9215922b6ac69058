// Checks an inclusion receipt in the browser: leaf = SHA-256(0x00 ‖ line),
// node = SHA-256(0x01 ‖ left ‖ right), an odd last node carried up (ADR 0003).
(function () {
  "use strict";
  function hex(buf) {
    return Array.from(new Uint8Array(buf), function (b) { return b.toString(16).padStart(2, "0"); }).join("");
  }
  function bytes(h) {
    var out = new Uint8Array(h.length / 2);
    for (var i = 0; i < out.length; i++) { out[i] = parseInt(h.substr(i * 2, 2), 16); }
    return out;
  }
  function sha(prefix, parts) {
    var total = 1 + parts.reduce(function (n, p) { return n + p.length; }, 0);
    var buf = new Uint8Array(total);
    buf[0] = prefix;
    var at = 1;
    parts.forEach(function (p) { buf.set(p, at); at += p.length; });
    return crypto.subtle.digest("SHA-256", buf).then(function (d) { return new Uint8Array(d); });
  }
  async function rootFromReceipt(r) {
    var node = await sha(0, [new TextEncoder().encode(r.line)]);
    var index = r.index, size = r.leaf_count, step = 0;
    while (size > 1) {
      if ((index ^ 1) < size) {
        if (step >= r.path.length) { throw new Error("路径过短"); }
        var sibling = bytes(r.path[step++]);
        node = await sha(1, index & 1 ? [sibling, node] : [node, sibling]);
      }
      index = Math.floor(index / 2);
      size = Math.floor((size + 1) / 2);
    }
    if (step !== r.path.length) { throw new Error("路径过长"); }
    return hex(node);
  }
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("check-receipt");
    if (!button) { return; }
    button.addEventListener("click", async function () {
      var out = document.getElementById("receipt-result");
      if (!window.crypto || !crypto.subtle) {
        out.textContent = "此浏览器不支持 Web Crypto（需 HTTPS 或本机访问），请使用验证程序核验。";
        return;
      }
      try {
        var receipt = JSON.parse(document.getElementById(button.dataset.receiptId).textContent);
        var root = await rootFromReceipt(receipt);
        out.textContent = root === button.dataset.root
          ? "核验通过：您的记录经 " + receipt.path.length + " 步计算得到的根 " + root.slice(0, 16) + "… 与公布的默克尔根一致。"
          : "核验未通过：计算得到的根 " + root + " 与公布的默克尔根不一致，请在异议期内提出异议。";
      } catch (e) {
        out.textContent = "核验未通过：" + e.message;
      }
    });
  });
})();
