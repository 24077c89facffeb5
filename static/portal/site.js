/* 长辈模式 toggles — 大字模式 and 高对比度 — (persisted in localStorage, mirrored in a cookie so
   the server renders the same classes without a flash) and the print button. Everything works
   without this file: the toggles are plain forms to /display-mode/. */
(function () {
  "use strict";
  var root = document.documentElement;
  var MODES = ["large", "contrast"];

  function setCookie(mode, on) {
    document.cookie = mode + "=" + (on ? "1" : "") + "; path=/; SameSite=Lax; max-age=" + (on ? 31536000 : 0);
  }
  function apply(mode, on) {
    root.classList.toggle(mode, on);
    var buttons = document.querySelectorAll('[data-mode-toggle="' + mode + '"] button');
    for (var i = 0; i < buttons.length; i++) buttons[i].setAttribute("aria-pressed", on ? "true" : "false");
    var fields = document.querySelectorAll('[data-mode-toggle="' + mode + '"] input[name="on"]');
    for (var j = 0; j < fields.length; j++) fields[j].value = on ? "0" : "1";
  }

  MODES.forEach(function (mode) {
    try {
      var stored = window.localStorage.getItem(mode);
      if (stored !== null && (stored === "1") !== root.classList.contains(mode)) {
        apply(mode, stored === "1");
        setCookie(mode, stored === "1");
      }
    } catch (e) { /* storage disabled: the cookie alone carries the choice */ }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target.closest("[data-mode-toggle]");
    if (!form) return;
    event.preventDefault();
    var mode = form.getAttribute("data-mode-toggle");
    var on = !root.classList.contains(mode);
    apply(mode, on);
    setCookie(mode, on);
    try { window.localStorage.setItem(mode, on ? "1" : "0"); } catch (e) { /* ignore */ }
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) window.print();
  });

  // Phones show the official table as cards, each cell labelled with its column's name: the
  // names are sent once, in the header row, and copied here (the table is usable without).
  var tables = document.querySelectorAll("table.official-table");
  for (var t = 0; t < tables.length; t++) {
    var labels = [];
    var heads = tables[t].querySelectorAll("thead th");
    for (var h = 0; h < heads.length; h++) labels.push(heads[h].textContent);
    var rows = tables[t].tBodies[0] ? tables[t].tBodies[0].rows : [];
    for (var r = 0; r < rows.length; r++) {
      var cells = rows[r].cells;
      if (cells.length !== labels.length) continue;  // a section heading
      for (var c = 0; c < cells.length; c++) cells[c].setAttribute("data-label", labels[c]);
    }
    tables[t].setAttribute("data-labelled", "");
  }
})();
