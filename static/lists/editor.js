/* The row editor of a list version: keyboard moves between rows, Ctrl+S, and paste from
   Excel/WPS. The page works without this file: sections are headings rendered by the server and
   the plain form saves. This only makes a long list quicker to keep. */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var group = document.getElementById("items-group");
  var bar = document.getElementById("editor-bar");
  if (!group || !bar) return;  // a frozen version: nothing to edit
  var status = document.getElementById("bar-status");
  var pasteUrl = group.getAttribute("data-paste-url");
  var csrf = document.querySelector("#listversion_form input[name=csrfmiddlewaretoken]");
  // The columns a copied block fills, in the official order of the list's table.
  var PASTE_ORDER = ["matter", "implementing_body", "condition", "legal_basis", "note"];

  function rows() {
    return Array.prototype.filter.call(group.querySelectorAll("tr.form-row"), function (tr) {
      return !tr.classList.contains("empty-form");
    });
  }
  // A cell is the nearest element with a field-… class (分节 sits inside the 序号 cell).
  function fieldOf(element) {
    var cell = element.closest(".field-section, td");
    var match = cell && /(?:^|\s)field-(\S+)/.exec(cell.className);
    return match ? match[1] : null;
  }
  function cellInput(row, field) {
    if (field === "seq") return row.querySelector("td.field-seq > input:not([type=hidden])");
    return row.querySelector(".field-" + field + " textarea, .field-" + field +
      " input:not([type=hidden]), .field-" + field + " select");
  }
  function say(text) {
    if (status) status.textContent = text;
  }

  // Alt+↑/↓: the same column of the previous/next row. Ctrl+S: 保存 (and stay on the page).
  document.addEventListener("keydown", function (event) {
    if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "s") {
      event.preventDefault();
      document.getElementById("bar-save").click();
      return;
    }
    if (!event.altKey || (event.key !== "ArrowDown" && event.key !== "ArrowUp")) return;
    var field = fieldOf(event.target);
    var row = event.target.closest("#items-group tr.form-row");
    if (!field || !row) return;
    var all = rows();
    var next = all[all.indexOf(row) + (event.key === "ArrowDown" ? 1 : -1)];
    var target = next && cellInput(next, field);
    if (target) {
      event.preventDefault();
      target.focus();
      target.scrollIntoView({block: "nearest"});
    }
  });

  // New rows for a pasted block, added at once: the admin's 添加另一个 link restyles every row's
  // remove link on each click (300 rows took 11 s). Same markup and numbering as the admin's.
  var totalForms = document.getElementById("id_items-TOTAL_FORMS");
  var template = document.getElementById("items-empty");
  function renumber(row, index) {
    row.id = "items-" + index;
    row.querySelectorAll("[name], [id], [for]").forEach(function (el) {
      ["name", "id", "for"].forEach(function (attr) {
        var value = el.getAttribute(attr);
        if (value) el.setAttribute(attr, value.replace(/items-(\d+|__prefix__)-/, "items-" + index + "-"));
      });
    });
  }
  function removeRow(row) {
    var all = rows(), at = all.indexOf(row);
    row.remove();
    all.slice(at + 1).forEach(function (later, offset) { renumber(later, at + offset); });
    totalForms.value = parseInt(totalForms.value, 10) - 1;
  }
  function addRows(count) {
    var start = parseInt(totalForms.value, 10), added = [], block = document.createDocumentFragment();
    for (var i = 0; i < count; i++) {
      var row = template.cloneNode(true);
      row.classList.remove("empty-form");
      row.classList.add("dynamic-items");
      renumber(row, start + i);
      var remove = document.createElement("a");
      remove.href = "#";
      remove.setAttribute("role", "button");
      remove.className = "inline-deletelink";
      remove.textContent = "删除";
      remove.addEventListener("click", function (event) {
        event.preventDefault();
        removeRow(event.target.closest("tr"));
      });
      row.querySelector("td.delete").appendChild(remove);
      block.appendChild(row);
      added.push(row);
    }
    template.parentNode.insertBefore(block, template);
    totalForms.value = start + count;
    return added;
  }
  function setValue(changes, input, value) {
    changes.push({input: input, before: input.value});
    input.value = value;  // events once for the whole block (announced): one per cell cost 5 ms
  }

  var undo = null;
  function offerUndo(changes, added, notes) {
    if (undo) undo.remove();
    undo = document.createElement("button");
    undo.type = "button";
    undo.className = "paste-undo";
    undo.id = "paste-undo";
    undo.textContent = "撤销粘贴";
    undo.addEventListener("click", function () {
      changes.slice().reverse().forEach(function (c) { c.input.value = c.before; });
      added.slice().reverse().forEach(function (row) {
        if (row.isConnected) removeRow(row);
      });
      notes.forEach(function (note) { note.remove(); });
      undo.remove();
      undo = null;
      say("已撤销粘贴。");
    });
    status.after(undo);
  }

  function note(row, messages) {
    var cell = row.querySelector("td.field-remarks");
    var box = document.createElement("div");
    box.className = "paste-problem errornote";
    box.textContent = messages.join(" ");
    cell.prepend(box);
    return box;
  }

  function apply(result, start) {
    if (!result.rows || !result.rows.length) {
      say((result.errors || []).join(" ") || "粘贴的内容中没有可填入的行。");
      return;
    }
    var all = rows(), index = all.indexOf(start), changes = [], notes = [];
    var added = addRows(Math.max(0, index + result.rows.length - all.length));
    all = rows();
    var startSection = cellInput(start, "section");
    startSection = startSection ? startSection.value : "";
    var problems = 0;
    result.rows.forEach(function (values, offset) {
      var row = all[index + offset];
      var fresh = added.indexOf(row) >= 0;
      Object.keys(values).forEach(function (name) {
        var input = cellInput(row, name);
        if (!input || input.tagName === "SELECT") return;
        // A new row keeps its default 实施机关 (the agency) when the block leaves it blank.
        if (fresh && name === "implementing_body" && !values[name]) return;
        setValue(changes, input, values[name]);
      });
      var select = cellInput(row, "section");
      var section = values.section ? String(values.section) : (select && !select.value ? startSection : "");
      if (select && section) setValue(changes, select, section);
      if (values.errors && values.errors.length) {
        problems += 1;
        notes.push(note(row, values.errors));
      }
    });
    var text = "已粘贴 " + result.rows.length + " 行，保存后生效";
    say(problems ? text + "；其中 " + problems + " 行有问题，已在该行右侧标出。" : text + "。");
    offerUndo(changes, added, notes);
    announce(start);
  }
  function announce(row) {  // tell listeners (an unsaved-changes guard) that the rows changed
    var cell = cellInput(row, "matter") || row;
    cell.dispatchEvent(new Event("input", {bubbles: true}));
    cell.dispatchEvent(new Event("change", {bubbles: true}));
  }

  // After 保存 the page reloads at the top: come back to the cell being edited.
  var form = document.getElementById("listversion_form");
  var placeKey = "editor-place:" + location.pathname + location.search;
  var lastCell = null;
  group.addEventListener("focusin", function (event) {
    if (event.target.name) lastCell = event.target.name;
  });
  if (form) {
    form.addEventListener("submit", function () {
      try {
        sessionStorage.setItem(placeKey, JSON.stringify({cell: lastCell, y: window.scrollY}));
      } catch (e) { /* private mode: nothing to restore */ }
    });
  }
  try {
    var place = JSON.parse(sessionStorage.getItem(placeKey) || "null");
    sessionStorage.removeItem(placeKey);
    var saved = document.querySelector(".messagelist .success");
    if (place && saved) {
      var cell = place.cell && form && form.elements[place.cell];
      if (cell && cell.focus) {
        cell.focus({preventScroll: true});
        cell.scrollIntoView({block: "center"});
      } else {
        window.scrollTo(0, place.y);
      }
    } else if (place) {  // refused: show the first row that says why
      var problem = group.querySelector(".errorlist");
      if (problem) problem.scrollIntoView({block: "center"});
    }
  } catch (e) { /* nothing stored */ }

  group.addEventListener("paste", function (event) {
    var field = fieldOf(event.target);
    var start = event.target.closest("tr.form-row");
    if (!field || !start || PASTE_ORDER.indexOf(field) < 0 || !pasteUrl) return;
    var data = event.clipboardData || window.clipboardData;
    var text = data.getData("text/plain") || data.getData("text") || "";
    var html = data.getData("text/html") || "";
    // Cells copied from a spreadsheet hold tabs or come as an HTML table; anything else is
    // ordinary text for this one box.
    if (text.indexOf("\t") === -1 && html.indexOf("<table") === -1) return;
    event.preventDefault();
    say("正在读取粘贴的内容…");
    var body = new FormData();
    body.append("text", text);
    body.append("start", field);
    fetch(pasteUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: {"X-CSRFToken": csrf ? csrf.value : ""}
    }).then(function (response) { return response.json(); })
      .then(function (result) { apply(result, start); })
      .catch(function () { say("未能读取粘贴的内容，请重试，或使用“导入表格”。"); });
  });

  // Typed rows are never lost without a word: leaving the page with unsaved changes asks first.
  // The form's own buttons (保存, 提交审查) save what is typed, so they do not ask.
  var guarded = group.closest("form"), dirty = false;
  if (guarded) {
    guarded.addEventListener("input", function () { dirty = true; });
    guarded.addEventListener("change", function () { dirty = true; });
    guarded.addEventListener("submit", function () { dirty = false; });
    window.addEventListener("beforeunload", function (event) {
      if (!dirty) return;
      event.preventDefault();
      event.returnValue = "";
    });
  }
});
