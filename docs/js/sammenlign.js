// Sammenlign metoder: show the ticked methods side by side; the choice lives in the address (?metode=a&metode=b).
// Without this script the form stays hidden and the table shows every method on the page.
// A long comparison is split into pages (data-sider names the map of which page holds which method):
// a method chosen from another page has its column fetched from that page and added here.
(function () {
  "use strict";
  var form = document.querySelector("form.mh-sammenlign");
  if (!form) return;
  var status = document.querySelector(".mh-sammenlign__status");
  var table = document.querySelector(".mh-sammenlign-tabel table");
  var fieldset = form.querySelector("fieldset");
  var cells = [];
  var boxes = [];
  var name = "metode";
  var max = parseInt(form.getAttribute("data-max"), 10) || 4;

  function collect() {
    cells = Array.prototype.slice.call(document.querySelectorAll(".mh-sammenlign-tabel [data-metode]"));
    boxes = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox]"));
    if (boxes.length) name = boxes[0].name;
  }

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

  // Take a method's check box and column from another page of the comparison; its links made absolute.
  function adopt(doc, pageUrl, id) {
    var box = doc.querySelector("form.mh-sammenlign input[value='" + id + "']");
    var rows = doc.querySelectorAll(".mh-sammenlign-tabel tr");
    var here = table ? table.querySelectorAll("tr") : [];
    if (!box || rows.length !== here.length) return;
    fieldset.insertBefore(document.importNode(box.closest("label"), true), fieldset.querySelector("legend").nextSibling);
    Array.prototype.forEach.call(rows, function (row, i) {
      var cell = row.querySelector("[data-metode='" + id + "']");
      if (!cell) return;
      var copy = document.importNode(cell, true);
      Array.prototype.forEach.call(copy.querySelectorAll("a[href]"), function (a) {
        a.setAttribute("href", new URL(a.getAttribute("href"), pageUrl).href);
      });
      here[i].appendChild(copy);
    });
  }

  function fetchMissing(wanted) {
    collect();
    var missing = wanted.filter(function (id) {
      return /^[a-z0-9-]+$/.test(id) && !boxes.some(function (box) { return box.value === id; });
    });
    if (!missing.length || !form.dataset.sider) return Promise.resolve();
    var mapUrl = new URL(form.dataset.sider, window.location.href);
    return fetch(mapUrl).then(function (r) { return r.json(); }).then(function (map) {
      var pages = {};
      missing.slice(0, max).forEach(function (id) {
        if (map[id] !== undefined) (pages[new URL(map[id], mapUrl).href] = pages[new URL(map[id], mapUrl).href] || []).push(id);
      });
      return Promise.all(Object.keys(pages).map(function (pageUrl) {
        return fetch(pageUrl).then(function (r) { return r.text(); }).then(function (html) {
          var doc = new DOMParser().parseFromString(html, "text/html");
          pages[pageUrl].forEach(function (id) { adopt(doc, pageUrl, id); });
        });
      }));
    }).catch(function () { /* the methods on this page still compare */ });
  }

  collect();
  var wanted = new URLSearchParams(window.location.search).getAll(name);
  fetchMissing(wanted).then(function () {
    collect();
    var ticked = 0;
    boxes.forEach(function (box) {
      box.checked = wanted.indexOf(box.value) >= 0 && ticked < max;
      if (box.checked) ticked++;
    });
    form.hidden = false;
    form.addEventListener("change", function () { update(true); });
    form.addEventListener("reset", function () { setTimeout(function () { update(true); }, 0); });
    update(false);
  });
})();
