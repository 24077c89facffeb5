/* 大字模式 toggle (persisted in localStorage, mirrored in a cookie so the server renders the
   same class without a flash) and the print button. Everything works without this file. */
(function () {
  "use strict";
  var root = document.documentElement;
  var KEY = "large";

  function setCookie(on) {
    document.cookie = KEY + "=" + (on ? "1" : "") + "; path=/; SameSite=Lax; max-age=" + (on ? 31536000 : 0);
  }
  function apply(on) {
    root.classList.toggle("large", on);
    var buttons = document.querySelectorAll("[data-large-toggle] button");
    for (var i = 0; i < buttons.length; i++) buttons[i].setAttribute("aria-pressed", on ? "true" : "false");
  }

  try {
    var stored = window.localStorage.getItem(KEY);
    if (stored !== null && (stored === "1") !== root.classList.contains("large")) {
      apply(stored === "1");
      setCookie(stored === "1");
    }
  } catch (e) { /* storage disabled: the cookie alone carries the choice */ }

  document.addEventListener("submit", function (event) {
    if (!event.target.matches("[data-large-toggle]")) return;
    event.preventDefault();
    var on = !root.classList.contains("large");
    apply(on);
    setCookie(on);
    try { window.localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* ignore */ }
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
