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

  // Pagefind's text of a page read as the page shows it. The hidden synonym lists (ids from SYNONYMS) find a
  // part of the page but are in no excerpt; the headings are the results' titles, so they are in no excerpt
  // either. The page's result shows its opening; each heading with a hit is a sub-result linking to it.
  var SYNONYMS = "mh-synonymer";
  var EXCERPT = 24; // words
  var stopwords = {};
  (text.stopwords || "").split(/\s+/).forEach(function (w) { if (w) stopwords[w.toLowerCase()] = true; });

  function bare(word) {
    return (word || "").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
  }

  function wordCount(s) {
    return (s || "").split(/\s+/).filter(Boolean).length;
  }

  function readable(d) {
    var words = d.content.split(/[\r\n\s]+/g);
    var shown = words.map(function () { return true; });
    var headings = [];
    (d.anchors || []).slice().sort(function (a, b) { return a.location - b.location; }).forEach(function (a) {
      var synonyms = (a.id || "").indexOf(SYNONYMS) === 0;
      var heading = /^h[1-6]$/i.test(a.element) && wordCount(a.text) > 0;
      if (!synonyms && !heading) return;
      for (var i = a.location; i < a.location + wordCount(a.text) && i < words.length; i++) shown[i] = false;
      if (heading && !/^h1$/i.test(a.element)) headings.push(a);
    });
    // The part before the first heading below the title, then one part per heading (named with the
    // heading above it when it is a subheading: "Fase 2: Brobygning › Fremgangsmåde").
    var parts = [{ start: 0, score: 0, hits: [] }];
    var above = [];
    headings.forEach(function (h) {
      var level = Number(h.element.slice(1));
      while (above.length && above[above.length - 1].level >= level) above.pop();
      var parent = above[above.length - 1];
      var title = parent ? parent.text + " › " + h.text : h.text;
      parts.push({ level: level, start: h.location, anchor: h, title: title, score: 0, hits: [] });
      above.push({ level: level, text: h.text });
    });
    // A part ends at the next heading; its excerpt may run on through its subheadings' parts
    // (a phase's heading is followed at once by the heading of its first step).
    parts.forEach(function (p, i) {
      p.end = i + 1 < parts.length ? parts[i + 1].start : words.length;
      var next = parts.slice(i + 1).filter(function (q) { return p.level && q.level <= p.level; })[0];
      p.extent = !p.level ? p.end : next ? next.start : words.length;
    });
    var marked = {};
    (d.weighted_locations || []).forEach(function (l) {
      if (stopwords[bare(words[l.location])]) return; // "og", "i", "at" … are no reason to show a part
      var part = parts.filter(function (p) { return p.start <= l.location && l.location < p.end; })[0];
      if (!part) return;
      part.score += l.balanced_score || l.weight || 1;
      if (shown[l.location]) {
        part.hits.push(l.location);
        marked[l.location] = true;
      }
    });

    function excerpt(p) {
      var visible = [];
      for (var i = p.start; i < p.extent; i++) { if (shown[i]) visible.push(i); }
      var hit = {};
      p.hits.forEach(function (h) { hit[h] = true; });
      // The window with the most hits; of equal windows in a row, the middle one, so the hits have words around them.
      var counts = [];
      for (var k = 0; k <= Math.max(0, visible.length - EXCERPT); k++) {
        counts.push(visible.slice(k, k + EXCERPT).filter(function (w) { return hit[w]; }).length);
      }
      var most = Math.max.apply(null, counts);
      var first = counts.indexOf(most);
      var last = first;
      while (last + 1 < counts.length && counts[last + 1] === most) last++;
      var start = most ? Math.floor((first + last) / 2) : 0;
      var picked = visible.slice(start, start + EXCERPT).map(function (w) {
        var word = escapeHtml(words[w]);
        return marked[w] ? "<mark>" + word + "</mark>" : word;
      }).join(" ");
      return (start > 0 ? "… " : "") + picked + (start + EXCERPT < visible.length ? " …" : "");
    }

    var title = d.meta.title || d.url;
    var page = d.url.split("#")[0];
    var subs = parts.slice(1).filter(function (p) { return p.score > 0 && p.title !== title; })
      .sort(function (a, b) { return b.score - a.score; }).slice(0, 3)
      .sort(function (a, b) { return a.start - b.start; });
    return {
      url: page,
      title: title,
      untranslated: d.meta.untranslated,
      excerpt: excerpt(parts[0]),
      subs: subs.map(function (p) { return { url: page + "#" + p.anchor.id, title: p.title, excerpt: excerpt(p) }; })
    };
  }

  function render(items, message, query) {
    status.textContent = message;
    status.setAttribute("data-query", query || "");
    list.innerHTML = items.map(readable).map(function (r) {
      return '<li class="md-search-result__item">' +
        '<a href="' + escapeHtml(r.url) + '" class="md-search-result__link">' +
        '<article class="md-search-result__article md-typeset"><h1>' + escapeHtml(r.title) +
        (r.untranslated ? ' <span class="mh-uoversat">' + escapeHtml(text.untranslated) + "</span>" : "") +
        "</h1>" + (r.excerpt ? "<p>" + r.excerpt + "</p>" : "") + "</article></a>" +
        r.subs.map(function (s) {
          return '<a href="' + escapeHtml(s.url) + '" class="md-search-result__link">' +
            '<article class="md-search-result__article md-typeset"><h2>' + escapeHtml(s.title) + "</h2>" +
            (s.excerpt ? "<p>" + s.excerpt + "</p>" : "") + "</article></a>";
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

  // What Pagefind is asked: the query without its filler words (which would match nearly every page, and by
  // prefix "medarbejder" for "med"), unless that leaves nothing or the query is an exact phrase in quotes.
  function meaningful(query) {
    if (query.indexOf('"') !== -1) return query;
    var kept = query.split(/\s+/).filter(function (w) { return !stopwords[bare(w)]; });
    return kept.length ? kept.join(" ") : query;
  }

  function search() {
    var query = input.value.trim();
    var id = ++latest;
    if (!query) {
      render([], text.initial);
      return;
    }
    load().then(function (pf) {
      return pf.search(meaningful(query)).then(function (found) {
        if (found.results.length) return { search: found, message: count(found.results.length) };
        return nearest(pf, meaningful(query)).then(function (hit) {
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
    // A click, as on the header's search label, so Material sets the page up for the open search
    // (setting .checked alone leaves a phone's page wider than the screen).
    if (toggle && !toggle.checked) toggle.click();
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
