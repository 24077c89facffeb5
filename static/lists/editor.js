/* The row editor of a list version: section headings, keyboard moves between cells, and
   paste from Excel/WPS. The page works without this file; it only makes a long list easier. */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var group = document.getElementById("items-group");
  if (!group) return;
  // The official order of a list's columns, as a copied table usually holds them.
  var PASTE_ORDER = ["matter", "implementing_body", "condition", "legal_basis", "note"];

  function rows() {
    return Array.prototype.filter.call(group.querySelectorAll("tr.form-row"), function (tr) {
      return !tr.classList.contains("empty-form");
    });
  }
  function fieldOf(element) {
    var cell = element.closest("td");
    var match = cell && /(?:^|\s)field-(\S+)/.exec(cell.className);
    return match ? match[1] : null;
  }
  function cellInput(row, field) {
    return row.querySelector("td.field-" + field + " textarea, td.field-" + field + " input:not([type=hidden]), td.field-" + field + " select");
  }

  // Sections as headings: one heading where the section changes, the drop-down kept short.
  function sectionHeadings() {
    group.querySelectorAll("tr.section-heading").forEach(function (tr) { tr.remove(); });
    var last = null;
    rows().forEach(function (row) {
      var select = cellInput(row, "section");
      if (!select) return;
      select.classList.add("compact");
      Array.prototype.forEach.call(select.options, function (option) {
        if (!option.dataset.full) option.dataset.full = option.text;
        var numeral = /^([一二三四五六七八九十]+)、/.exec(option.dataset.full);
        if (numeral) option.text = numeral[1] + "类";
        option.title = option.dataset.full;
      });
      var chosen = select.options[select.selectedIndex];
      var title = chosen && chosen.value ? chosen.dataset.full : "未选择分节";
      if (title !== last) {
        var heading = document.createElement("tr");
        heading.className = "section-heading";
        var cell = document.createElement("td");
        cell.textContent = title;
        heading.appendChild(cell);
        row.parentNode.insertBefore(heading, row);
        last = title;
      }
    });
  }

  // Alt+↑/↓ moves to the same column of the previous/next row.
  group.addEventListener("keydown", function (event) {
    if (!event.altKey || (event.key !== "ArrowDown" && event.key !== "ArrowUp")) return;
    var field = fieldOf(event.target);
    var row = event.target.closest("tr.form-row");
    if (!field || !row) return;
    var all = rows();
    var next = all[all.indexOf(row) + (event.key === "ArrowDown" ? 1 : -1)];
    var target = next && cellInput(next, field);
    if (target) {
      event.preventDefault();
      target.focus();
    }
  });

  // Tab-separated text as a spreadsheet copies it: quoted cells may hold tabs and line breaks.
  function parseTSV(text) {
    var table = [], row = [], cell = "", quoted = false, i = 0;
    text = text.replace(/\r\n?/g, "\n");
    while (i < text.length) {
      var ch = text[i];
      if (quoted) {
        if (ch === '"' && text[i + 1] === '"') { cell += '"'; i += 2; continue; }
        if (ch === '"') { quoted = false; i += 1; continue; }
        cell += ch; i += 1; continue;
      }
      if (ch === '"' && cell === "") { quoted = true; i += 1; continue; }
      if (ch === "\t") { row.push(cell); cell = ""; i += 1; continue; }
      if (ch === "\n") { row.push(cell); table.push(row); row = []; cell = ""; i += 1; continue; }
      cell += ch; i += 1;
    }
    if (cell !== "" || row.length) { row.push(cell); table.push(row); }
    return table.filter(function (r) { return r.some(function (c) { return c.trim() !== ""; }); });
  }

  function addRow() {
    var link = group.querySelector("tr.add-row a, .add-row a");
    if (link) link.click();
    var all = rows();
    return all[all.length - 1];
  }

  var undoButton = null, note = null;
  function offerUndo(changes, added, count) {
    if (undoButton) undoButton.remove();
    if (note) note.remove();
    note = document.createElement("div");
    note.className = "paste-note";
    note.setAttribute("role", "status");
    note.textContent = "已粘贴 " + count + " 行（保存后生效）";
    undoButton = document.createElement("button");
    undoButton.type = "button";
    undoButton.className = "paste-undo";
    undoButton.id = "paste-undo";
    undoButton.textContent = "撤销粘贴";
    undoButton.addEventListener("click", function () {
      changes.forEach(function (change) { change.input.value = change.before; });
      added.forEach(function (row) {
        var remove = row.querySelector(".inline-deletelink");
        if (remove) remove.click();
      });
      undoButton.remove(); note.remove(); undoButton = note = null;
      sectionHeadings();
    });
    document.body.appendChild(note);
    document.body.appendChild(undoButton);
  }

  group.addEventListener("paste", function (event) {
    var field = fieldOf(event.target);
    var start = event.target.closest("tr.form-row");
    var text = (event.clipboardData || window.clipboardData).getData("text");
    if (!field || !start || text.indexOf("\t") === -1) return;  // plain text: an ordinary paste
    var table = parseTSV(text);
    if (!table.length) return;
    event.preventDefault();
    // A first column of plain numbers is the source's 序号: the editor numbers rows itself.
    if (table.every(function (r) { return /^\s*\d+(\.0)?\s*$/.test(r[0]); })) {
      table = table.map(function (r) { return r.slice(1); });
    }
    var columns = PASTE_ORDER.indexOf(field) >= 0 ? PASTE_ORDER.slice(PASTE_ORDER.indexOf(field)) : PASTE_ORDER;
    var all = rows(), index = all.indexOf(start), changes = [], added = [];
    table.forEach(function (values, offset) {
      var row = all[index + offset];
      if (!row) { row = addRow(); added.push(row); all = rows(); }
      values.slice(0, columns.length).forEach(function (value, column) {
        var input = cellInput(row, columns[column]);
        if (!input) return;
        changes.push({ input: input, before: input.value });
        input.value = value.trim();
        input.dispatchEvent(new Event("input", { bubbles: true }));
        input.dispatchEvent(new Event("change", { bubbles: true }));
      });
    });
    offerUndo(changes, added, table.length);
  });

  group.addEventListener("change", function (event) {
    if (fieldOf(event.target) === "section") sectionHeadings();
  });
  document.addEventListener("formset:added", sectionHeadings);
  sectionHeadings();

  // Typed rows are never lost without a word: leaving the page with unsaved changes asks first.
  // The form's own buttons (保存, 提交审查) save what is typed, so they do not ask.
  var form = group.closest("form"), dirty = false;
  if (form) {
    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("change", function () { dirty = true; });
    form.addEventListener("submit", function () { dirty = false; });
    window.addEventListener("beforeunload", function (event) {
      if (!dirty) return;
      event.preventDefault();
      event.returnValue = "";
    });
  }
});
