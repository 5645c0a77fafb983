// Search in the header with Pagefind: Danish stemming, an index fetched in small chunks, nothing from other hosts.
// Material's keyboard handling (/, s, arrows, Escape) works on this markup as on its own search.
(function () {
  "use strict";

  var box = document.querySelector(".mh-soeg");
  if (!box) return;
  var input = box.querySelector("input[name=query]");
  var status = box.querySelector(".md-search-result__meta");
  var list = box.querySelector(".md-search-result__list");
  var toggle = document.getElementById("__search");
  var text = box.dataset;
  var pagefind = null;
  var latest = 0;
  var timer = null;

  function load() {
    if (!pagefind) {
      var url = new URL(text.pagefind, window.location.href).href;
      pagefind = import(url).then(function (pf) {
        pf.options({ baseUrl: new URL(text.base, window.location.href).pathname });
        return pf.init().then(function () { return pf; });
      });
    }
    return pagefind;
  }

  function escapeHtml(s) {
    return String(s).replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c];
    });
  }

  function count(n) {
    if (n === 0) return text.none;
    return n === 1 ? text.one : text.many.replace("{n}", n);
  }

  function render(items, message, query) {
    status.textContent = message;
    status.setAttribute("data-query", query || "");
    list.innerHTML = items.map(function (d) {
      var subs = (d.sub_results || []).filter(function (s) { return s.url !== d.url; }).slice(0, 3);
      return '<li class="md-search-result__item">' +
        '<a href="' + escapeHtml(d.url) + '" class="md-search-result__link">' +
        '<article class="md-search-result__article md-typeset"><h1>' + escapeHtml(d.meta.title || d.url) +
        (d.meta.untranslated ? ' <span class="mh-uoversat">' + escapeHtml(text.untranslated) + "</span>" : "") +
        "</h1><p>" + d.excerpt + "</p></article></a>" +
        subs.map(function (s) {
          return '<a href="' + escapeHtml(s.url) + '" class="md-search-result__link">' +
            '<article class="md-search-result__article md-typeset"><h2>' + escapeHtml(s.title) +
            "</h2><p>" + s.excerpt + "</p></article></a>";
        }).join("") + "</li>";
    }).join("");
  }

  // A misspelt word finds nothing: try the nearest word of the handbook's titles, headings and glossary.
  var words = null;
  function distance(a, b) {
    var d = [];
    for (var i = 0; i <= a.length; i++) { d[i] = [i]; }
    for (var j = 1; j <= b.length; j++) { d[0][j] = j; }
    for (i = 1; i <= a.length; i++) {
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
    return d[a.length][b.length];
  }
  function nearest(pf, query) {
    var word = query.trim().toLowerCase();
    if (word.length < 4 || /\s/.test(word)) return Promise.resolve(null);
    if (!words) words = fetch(new URL(text.words, window.location.href)).then(function (r) { return r.json(); });
    return words.then(function (list) {
      var best = null;
      var bestDistance = word.length > 7 ? 3 : 2;
      list.forEach(function (w) {
        if (Math.abs(w.length - word.length) >= bestDistance) return;
        var dist = distance(word, w);
        if (dist < bestDistance) { best = w; bestDistance = dist; }
      });
      if (!best) return null;
      return pf.search(best).then(function (r) { return r.results.length ? { query: best, search: r } : null; });
    }).catch(function () { return null; });
  }

  function search() {
    var query = input.value.trim();
    var id = ++latest;
    if (!query) {
      render([], text.initial);
      return;
    }
    load().then(function (pf) {
      return pf.search(query).then(function (found) {
        if (found.results.length) return { search: found, message: count(found.results.length) };
        return nearest(pf, query).then(function (hit) {
          if (!hit) return { search: found, message: text.none };
          var message = text.nearest.replace("{q}", query).replace("{r}", hit.query) + " " + count(hit.search.results.length);
          return { search: hit.search, message: message };
        });
      });
    }).then(function (outcome) {
      if (id !== latest) return null;
      return Promise.all(outcome.search.results.slice(0, 10).map(function (r) { return r.data(); }))
        .then(function (items) { if (id === latest) render(items, outcome.message, query); });
    }).catch(function () {
      if (id === latest) render([], text.error, query);
    });
  }

  function close() {
    if (toggle) toggle.checked = false;
    input.blur();
  }

  // Keyboard: "/" or "s" opens the search; arrows move through the results; Escape closes.
  document.addEventListener("keydown", function (event) {
    if (event.metaKey || event.ctrlKey || event.altKey) return;
    var active = document.activeElement;
    var inSearch = box.contains(active);
    var typing = active && (active.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName));
    if (!inSearch) {
      if (!typing && (event.key === "/" || event.key === "s")) {
        event.preventDefault();
        input.focus();
        input.select();
      }
      return;
    }
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      var stops = [input].concat(Array.prototype.slice.call(list.querySelectorAll("a")));
      var at = stops.indexOf(active);
      var next = (at + (event.key === "ArrowDown" ? 1 : -1) + stops.length) % stops.length;
      event.preventDefault();
      stops[next].focus();
    }
  });

  input.addEventListener("focus", function () {
    if (toggle) toggle.checked = true;
    load();
  });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 120);
  });
  box.querySelector("form").addEventListener("reset", function () {
    setTimeout(function () { render([], text.initial); input.focus(); }, 0);
  });
  box.querySelector("form").addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector("a");
    if (first) window.location.href = first.href;
  });
})();
