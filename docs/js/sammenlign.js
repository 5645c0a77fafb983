// Sammenlign metoder: show the ticked methods side by side; the choice lives in the address (?metode=a&metode=b).
// Without this script the form stays hidden and the table shows every method.
(function () {
  "use strict";
  var form = document.querySelector("form.mh-sammenlign");
  if (!form) return;
  var status = document.querySelector(".mh-sammenlign__status");
  var cells = Array.prototype.slice.call(document.querySelectorAll(".mh-sammenlign-tabel [data-metode]"));
  var boxes = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox]"));
  var name = boxes.length ? boxes[0].name : "metode";
  var max = parseInt(form.getAttribute("data-max"), 10) || 4;

  function chosen() {
    return boxes.filter(function (box) { return box.checked; }).map(function (box) { return box.value; });
  }

  function update(writeUrl) {
    var ids = chosen();
    cells.forEach(function (cell) {
      cell.hidden = ids.length > 0 && ids.indexOf(cell.getAttribute("data-metode")) < 0;
    });
    boxes.forEach(function (box) { box.disabled = !box.checked && ids.length >= max; });
    var text = ids.length === 0 ? status.dataset.all : ids.length === 1 ? status.dataset.one
      : ids.length >= max ? status.dataset.some + " " + status.dataset.full : status.dataset.some;
    status.textContent = text.replace("{n}", ids.length).replace("{total}", boxes.length);
    if (writeUrl) {
      var url = new URL(window.location.href);
      url.searchParams.delete(name);
      ids.forEach(function (id) { url.searchParams.append(name, id); });
      window.history.replaceState(null, "", url);
    }
  }

  var wanted = new URLSearchParams(window.location.search).getAll(name);
  var ticked = 0;
  boxes.forEach(function (box) {
    box.checked = wanted.indexOf(box.value) >= 0 && ticked < max;
    if (box.checked) ticked++;
  });
  form.hidden = false;
  form.addEventListener("change", function () { update(true); });
  form.addEventListener("reset", function () { setTimeout(function () { update(true); }, 0); });
  update(false);
})();
