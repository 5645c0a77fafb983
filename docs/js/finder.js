// Find en metode: filter the method cards by facets; the choice lives in the address (?maalgruppe=…&type=…).
(function () {
  "use strict";
  var form = document.querySelector("form.mh-finder");
  if (!form) return;
  var status = document.querySelector(".mh-finder__status");
  var list = document.querySelector(".mh-kortliste");
  var cards = Array.prototype.slice.call(document.querySelectorAll(".mh-kortliste > li[data-id]"));
  // A big handbook's page shows only the first cards; then the cards are drawn from the data, as text.
  var drawn = list && list.dataset.alle ? parseInt(list.dataset.vis, 10) : 0;
  var limit = drawn;
  var more = document.querySelector(".mh-finder__flere");
  // On a phone the filters start folded under their summary, so the count and the first methods come first;
  // on a wider screen they are open. The summary says how many are chosen.
  var filters = form.querySelector(".mh-finder__filtre");
  var summary = filters && filters.querySelector("summary");
  var summaryText = summary ? summary.textContent : "";
  if (filters) {
    var wide = window.matchMedia("(min-width: 45em)");
    filters.open = wide.matches;
    wide.addEventListener("change", function (event) { filters.open = event.matches; });
  }

  function card(m) {
    var li = document.createElement("li");
    li.setAttribute("data-id", m.id);
    var title = document.createElement("a");
    title.href = list.dataset.metode.replace("ID", m.id);
    title.textContent = m.kort.titel;
    var strong = document.createElement("strong");
    strong.appendChild(title);
    var kind = document.createElement("span");
    kind.className = "mh-kortliste__type";
    kind.textContent = m.kort.type;
    var compare = document.createElement("a");
    compare.className = "mh-kortliste__sammenlign";
    compare.href = list.dataset.sammenlign.replace("ID", m.id);
    compare.textContent = list.dataset.sammenlignTekst;
    compare.setAttribute("aria-label", list.dataset.sammenlignNavn.replace("{title}", m.kort.titel));
    [strong, document.createElement("br"), kind, document.createElement("br"),
      document.createTextNode(m.kort.resume), document.createElement("br"), compare].forEach(function (n) {
      li.appendChild(n);
    });
    return li;
  }

  function draw(matching) {
    matching.sort(function (a, b) { return a.kort.orden - b.kort.orden; });
    list.textContent = "";
    matching.slice(0, limit).forEach(function (m) { list.appendChild(card(m)); });
    more.hidden = matching.length <= limit;
    cards = Array.prototype.slice.call(list.querySelectorAll("li[data-id]"));
  }
  var facets = Array.prototype.map.call(form.querySelectorAll("fieldset[data-facet]"), function (f) {
    return f.getAttribute("data-facet");
  });

  function chosen() {
    var out = {};
    facets.forEach(function (facet) {
      out[facet] = Array.prototype.map.call(form.querySelectorAll("input[name=" + facet + "]:checked"),
        function (box) { return box.value; });
    });
    return out;
  }

  // Within a facet any ticked value matches; across facets every facet must match.
  function matches(method, choice, except) {
    return facets.every(function (facet) {
      if (facet === except || !choice[facet].length) return true;
      return choice[facet].some(function (v) { return method[facet].indexOf(v) >= 0; });
    });
  }

  function update(methods, writeUrl) {
    var choice = chosen();
    var byId = {};
    var shown = 0;
    var total = cards.length;
    var matching = [];
    methods.forEach(function (m) { byId[m.id] = m; });
    if (drawn) {
      matching = methods.filter(function (m) { return matches(m, choice); });
      draw(matching);
      shown = matching.length;
      total = methods.length;
    } else {
      cards.forEach(function (card) {
        var m = byId[card.getAttribute("data-id")];
        var visible = !m || matches(m, choice);
        card.hidden = !visible;
        if (visible) shown++;
      });
    }
    // An option that would leave no method, given the other choices, is shown with its 0 and cannot be ticked;
    // a ticked one can always be unticked.
    facets.forEach(function (facet) {
      form.querySelectorAll("input[name=" + facet + "]").forEach(function (box) {
        var n = methods.filter(function (m) {
          return matches(m, choice, facet) && m[facet].indexOf(box.value) >= 0;
        }).length;
        box.disabled = n === 0 && !box.checked;
        box.parentElement.querySelector(".mh-antal").textContent = "(" + n + ")";
        box.setAttribute("aria-label", box.parentElement.textContent.replace(/\s*\(\d+\)\s*$/, "").trim() + ", " + n);
      });
    });
    if (summary) {
      var picked = facets.reduce(function (sum, facet) { return sum + choice[facet].length; }, 0);
      summary.textContent = picked ? filters.dataset.valgt.replace("{n}", picked) : summaryText;
    }
    var compare = document.querySelector(".mh-finder__sammenlign");
    if (compare) {
      // With two to four methods shown, one link compares exactly those.
      var ids = drawn ? matching.map(function (m) { return m.id; })
        : cards.filter(function (card) { return !card.hidden; }).map(function (card) { return card.getAttribute("data-id"); });
      var link = compare.querySelector("a");
      var target = new URL(link.getAttribute("href"), window.location.href);
      target.search = "";
      ids.forEach(function (id) { target.searchParams.append(compare.dataset.parameter, id); });
      link.href = target.href;
      compare.hidden = ids.length < 2 || ids.length > parseInt(compare.dataset.max, 10);
    }
    status.textContent = shown ? status.dataset.showing.replace("{n}", shown).replace("{total}", total)
      : status.dataset.none;
    if (writeUrl) {
      var url = new URL(window.location.href);
      facets.forEach(function (facet) {
        url.searchParams.delete(facet);
        choice[facet].forEach(function (v) { url.searchParams.append(facet, v); });
      });
      window.history.replaceState(null, "", url);
    }
  }

  fetch(new URL(form.getAttribute("data-mh-finder"), window.location.href))
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var params = new URLSearchParams(window.location.search);
      facets.forEach(function (facet) {
        var wanted = params.getAll(facet);
        form.querySelectorAll("input[name=" + facet + "]").forEach(function (box) {
          box.checked = wanted.indexOf(box.value) >= 0;
        });
      });
      form.addEventListener("change", function () { limit = drawn; update(data.metoder, true); });
      if (more) {
        more.addEventListener("click", function () { limit += drawn; update(data.metoder, false); });
      }
      form.addEventListener("reset", function () { limit = drawn; setTimeout(function () { update(data.metoder, true); }, 0); });
      update(data.metoder, false);
    });
})();
