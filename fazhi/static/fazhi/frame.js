/* The site frame (fazhi/templates/base.html): loaded before the body, so the page is marked
   as scripted before the header is drawn. Without JavaScript the navigation is a plain list
   and wide tables scroll inside <main>; with it, the navigation folds behind the menu
   button on narrow screens and each wide table scrolls in its own keyboard-reachable box. */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");

  function setupMenu() {
    var header = document.querySelector(".site-header");
    var button = header && header.querySelector(".menu-toggle");
    if (!button) { return; }
    var menu = document.getElementById(button.getAttribute("aria-controls"));
    if (!menu || !menu.querySelector(":scope > :not(.brand)")) {
      header.classList.add("no-menu");  /* a brand alone (the sign-in page): nothing to fold */
      return;
    }
    function setOpen(open) {
      header.classList.toggle("menu-open", open);
      button.setAttribute("aria-expanded", open ? "true" : "false");
    }
    button.addEventListener("click", function () {
      setOpen(button.getAttribute("aria-expanded") !== "true");
    });
    header.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && header.classList.contains("menu-open")) {
        setOpen(false);
        button.focus();
      }
    });
  }

  function tableLabel(table) {
    var caption = table && table.querySelector("caption");
    var zh = (root.lang || "").indexOf("zh") === 0;
    var base = zh ? "表格" : "Table";
    return caption ? base + (zh ? "：" : ": ") + caption.textContent.trim() : base;
  }

  var narrow = window.matchMedia("(max-width: 48em)");

  /* A table gets a scrolling box on a phone, or when it is wider than its place; a box
     that really scrolls is focusable and named, so keyboard users can scroll it too
     (WCAG 2.1.1). Tables that fit on a wide screen keep their place in the page. */
  function wrapTables() {
    var tables = document.querySelectorAll("main table");
    Array.prototype.forEach.call(tables, function (table) {
      if (table.closest(".table-scroll")) { return; }
      var parent = table.parentElement;
      if (!narrow.matches && table.offsetWidth <= parent.clientWidth) { return; }
      var box = document.createElement("div");
      box.className = "table-scroll";
      parent.insertBefore(box, table);
      box.appendChild(table);
    });
    markScrollable();
  }

  function markScrollable() {
    var boxes = document.querySelectorAll("main .table-scroll");
    Array.prototype.forEach.call(boxes, function (box) {
      var table = box.querySelector("table");
      var wide = box.scrollWidth > box.clientWidth + 1;
      if (wide && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("data-frame-scroll", box.hasAttribute("aria-label") ? "1" : "label");
        if (!box.hasAttribute("aria-label")) { box.setAttribute("aria-label", tableLabel(table)); }
      } else if (!wide && box.hasAttribute("data-frame-scroll")) {
        if (box.getAttribute("data-frame-scroll") === "label") { box.removeAttribute("aria-label"); }
        box.removeAttribute("data-frame-scroll");
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupMenu();
    wrapTables();
    var pending = null;
    window.addEventListener("resize", function () {
      clearTimeout(pending);
      pending = setTimeout(wrapTables, 150);
    });
    /* htmx swaps in new rows or tables (the inbox filters): wrap those too */
    document.body.addEventListener("htmx:load", function () { wrapTables(); });
  });
})();
