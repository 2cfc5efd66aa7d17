/* LEV-monitor page helpers. Offline, no dependencies; the pages work without them, they only
   improve tables and printing. */
(function () {
  "use strict";

  /* Column names of a table, one per column position (colspans expanded; stacked header rows
     joined, as pandas writes them for grouped columns). */
  function columnLabels(table) {
    var labels = [];
    if (!table.tHead) return labels;
    Array.prototype.forEach.call(table.tHead.rows, function (row) {
      var col = 0;
      Array.prototype.forEach.call(row.cells, function (cell) {
        var text = cell.textContent.replace(/\s+/g, " ").trim();
        for (var i = 0; i < (cell.colSpan || 1); i++, col++) {
          if (!text) continue;
          labels[col] = labels[col] && labels[col] !== text ? labels[col] + " – " + text : text;
        }
      });
    });
    return labels;
  }

  /* On narrow screens tables become cards labelled from data-label (lev.css). Tables written
     without those attributes get them from their header, so the cards are labelled either way. */
  function labelCells(table) {
    var labels = columnLabels(table);
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        var col = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          if (cell.tagName === "TD" && !cell.hasAttribute("data-label") && labels[col]) {
            cell.setAttribute("data-label", labels[col]);
          }
          col += cell.colSpan || 1;
        });
      });
    });
  }

  /* A table that does not fit its box as a table is shown as cards (lev.css), at any width:
     at 1280 px the article column is under 700 px, too narrow for some seven-column tables. */
  function fitTables() {
    document.querySelectorAll("table.lev-table").forEach(function (table) {
      var box = table.closest(".lev-table-wrap") || table.parentElement;
      table.classList.remove("lev-cards");
      if (box.scrollWidth > box.clientWidth + 1) table.classList.add("lev-cards");
    });
    markScrollable();
  }

  /* A box that still scrolls sideways must be reachable by keyboard and named for screen
     readers (axe: scrollable-region-focusable); one that fits must not be a tab stop. */
  function markScrollable() {
    document.querySelectorAll(".lev-table-wrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        var caption = wrap.querySelector(".lev-table-caption");
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", caption ? caption.textContent.trim() : "Tabel");
      } else {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    });
  }

  /* Sphinx's Dutch script catalog leaves the search result count empty (the results page said
     nothing about what it found) and drops the space in ", in ". Page text is translated by
     book/_locale; Sphinx looks for the script catalog (sphinx.js) relative to the working
     directory instead of the book, so these few script messages are supplied here. */
  var SEARCH_MESSAGES = {
    "Search finished, found ${resultCount} page(s) matching the search query.":
      "Zoeken klaar: ${resultCount} pagina('s) gevonden.",
    ", in ": ", in ",
  };
  function completeTranslations() {
    // doctools.js declares Documentation with const: it is no property of window.
    if (typeof Documentation === "undefined" || !Documentation.TRANSLATIONS) return;
    Object.keys(SEARCH_MESSAGES).forEach(function (key) {
      Documentation.TRANSLATIONS[key] = SEARCH_MESSAGES[key];
    });
  }

  /* Sphinx picks the snippet under a search result by looking for the stemmed query in the page
     text ("zevenar" for "Zevenaar"); a stem that is not a word of the text gives an empty
     snippet. The words as typed are offered too, so the snippet shows where they occur. */
  function improveSearchSnippets() {
    // searchtools.js declares Search with const: it is no property of window.
    if (typeof Search === "undefined" || !Search.makeSearchSummary) return;
    var typed = (new URLSearchParams(window.location.search).get("q") || "")
      .toLowerCase().split(/\s+/).filter(Boolean);
    var original = Search.makeSearchSummary;
    Search.makeSearchSummary = function (htmlText, keywords, anchor) {
      return original.call(this, htmlText, new Set(Array.from(keywords).concat(typed)), anchor);
    };
  }

  /* Paper is white: print dark-mode pages in the light theme. */
  var themeBeforePrint = null;
  window.addEventListener("beforeprint", function () {
    themeBeforePrint = document.documentElement.dataset.theme || null;
    document.documentElement.dataset.theme = "light";
  });
  window.addEventListener("afterprint", function () {
    if (themeBeforePrint) document.documentElement.dataset.theme = themeBeforePrint;
    themeBeforePrint = null;
  });

  function init() {
    completeTranslations();
    improveSearchSnippets();
    document.querySelectorAll("table.lev-table").forEach(labelCells);
    fitTables();
    // Web fonts arriving after DOMContentLoaded change the widths measured above.
    window.addEventListener("load", fitTables);
    var pending = null;
    window.addEventListener("resize", function () {
      clearTimeout(pending);
      pending = setTimeout(fitTables, 150);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
