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
