/* The agency export page's "select all" box, without an inline handler attribute (CSP). */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    if (event.target.matches("input.select-toggle") && typeof onSelectToggleChange === "function") {
      onSelectToggleChange(event);
    }
  });
})();
