// Tjeklister: filter the list of print sheets by method; the choice is kept in the address (?metode=…).
(function () {
  "use strict";
  function setup() {
    var box = document.querySelector(".mh-arkfilter");
    if (!box) return;
    var select = box.querySelector("select");
    var params = new URLSearchParams(window.location.search);
    select.value = params.get("metode") || "";
    if (select.selectedIndex < 0) select.value = "";
    function apply() {
      var chosen = select.value;
      document.querySelectorAll("[data-metode]").forEach(function (el) {
        el.hidden = Boolean(chosen) && el.getAttribute("data-metode") !== chosen;
      });
      var url = new URL(window.location.href);
      if (chosen) url.searchParams.set("metode", chosen);
      else url.searchParams.delete("metode");
      window.history.replaceState(null, "", url);
    }
    select.addEventListener("change", apply);
    box.hidden = false;
    apply();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();

// A button that opens the header's search (the 404 page): what "/" does on a keyboard, for a finger or a mouse.
(function () {
  "use strict";
  document.querySelectorAll("[data-mh-soeg]").forEach(function (button) {
    button.addEventListener("click", function () {
      var toggle = document.getElementById("__search");
      var input = document.getElementById("mh-soeg-felt");
      // A click on the toggle, as on the header's search label, so Material sets the page up for the open search.
      if (toggle && !toggle.checked) toggle.click();
      if (input) input.focus({ preventScroll: true });
    });
  });
})();

// A checklist item's text names its box (not a <label>, which search leaves out): a tap on the text ticks it too.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var text = event.target.closest && event.target.closest(".mh-tjekliste .mh-punkt");
    if (!text || event.target.closest("a")) return;
    var box = document.querySelector('input[aria-labelledby="' + text.id + '"]');
    if (box) box.click();
  });
})();
