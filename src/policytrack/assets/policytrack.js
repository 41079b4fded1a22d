/* policytrack status site: sortable, filterable tables (progressive enhancement: every table is complete
   without this script) and a name for the theme's search dialog. No request to any other host. */
(function () {
  "use strict";

  function key(cell) {
    var badge = cell.querySelector("[data-rank]");
    if (badge) return [0, Number(badge.getAttribute("data-rank"))];
    var time = cell.querySelector("time[datetime]");
    if (time) return [1, time.getAttribute("datetime")];
    var text = cell.textContent.trim();
    var number = text.match(/^-?\d+(\.\d+)?/);
    if (number) return [0, parseFloat(number[0])];
    return [2, text.toLowerCase()];
  }

  function compare(a, b) {
    if (a[0] !== b[0]) return a[0] - b[0];
    return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
  }

  function enhance(table, index) {
    if (table.dataset.ptEnhanced) return;
    table.dataset.ptEnhanced = "1";
    var body = table.tBodies[0];
    if (!body) return;
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headers, function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (other) { other.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r1, r2) {
          var order = compare(key(r1.cells[column]), key(r2.cells[column]));
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
    choices(table, body, headers, index);
    if (body.rows.length < 6) return;
    var id = "pt-filter-" + index;
    var box = document.createElement("p");
    box.className = "pt-filter";
    var label = document.createElement("label");
    label.setAttribute("for", id);
    label.textContent = "Filter this table: ";
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.addEventListener("input", function () {
      table.dataset.ptWords = input.value.toLowerCase();
      refilter(table, body);
    });
    box.appendChild(label);
    box.appendChild(input);
    var anchor = table.closest(".md-typeset__scrollwrap") || table;
    anchor.parentNode.insertBefore(box, anchor);
  }

  /* Rows shown: those holding every word typed, and the value chosen in each column's list. */
  function refilter(table, body) {
    var words = (table.dataset.ptWords || "").split(/\s+/).filter(Boolean);
    var picks = table.ptPicks || [];
    Array.prototype.forEach.call(body.rows, function (row) {
      var text = row.textContent.toLowerCase();
      var shown = words.every(function (word) { return text.indexOf(word) >= 0; });
      picks.forEach(function (pick) {
        var cell = row.cells[pick.column];
        if (pick.select.value && (!cell || cell.textContent.trim() !== pick.select.value)) shown = false;
      });
      row.hidden = !shown;
    });
  }

  /* data-pt-filters="Status,Agency": a list of the values of each named column to filter the rows by. */
  function choices(table, body, headers, index) {
    var names = (table.getAttribute("data-pt-filters") || "").split(",").filter(Boolean);
    if (!names.length) return;
    var box = document.createElement("p");
    box.className = "pt-filter";
    table.ptPicks = [];
    names.forEach(function (name, number) {
      var column = -1;
      Array.prototype.forEach.call(headers, function (th, at) { if (th.textContent.trim() === name) column = at; });
      if (column < 0) return;
      var values = {};
      Array.prototype.forEach.call(body.rows, function (row) {
        if (row.cells[column]) values[row.cells[column].textContent.trim()] = true;
      });
      var id = "pt-choice-" + index + "-" + number;
      var label = document.createElement("label");
      label.setAttribute("for", id);
      label.textContent = " " + name + ": ";
      var select = document.createElement("select");
      select.id = id;
      var all = document.createElement("option");
      all.value = "";
      all.textContent = "all";
      select.appendChild(all);
      Object.keys(values).sort().forEach(function (value) {
        var option = document.createElement("option");
        option.value = value;
        option.textContent = value;
        select.appendChild(option);
      });
      select.addEventListener("change", function () { refilter(table, body); });
      box.appendChild(label);
      box.appendChild(select);
      table.ptPicks.push({column: column, select: select});
    });
    var anchor = table.closest(".md-typeset__scrollwrap") || table;
    anchor.parentNode.insertBefore(box, anchor);
  }

  function run() {
    Array.prototype.forEach.call(document.querySelectorAll("table.pt-sortable"), enhance);
    var dialog = document.querySelector(".md-search[role=dialog]");
    if (dialog && !dialog.getAttribute("aria-label")) dialog.setAttribute("aria-label", "Search this site");
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(run);  // Material's instant navigation swaps pages without a reload
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();
