// Samarbejdskort: a team types the actors around a citizen and rates each collaboration from each actor's
// point of view; the map is drawn here as SVG. Nothing is sent or stored unless the user saves a file,
// and a saved JSON file can be opened again. Every word shown comes from the container's data-tekster.
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var FORMAT = "metodehaandbogen-samarbejdskort";
  var MAX_ACTORS = 40;
  var MAX_TEXT = 200;
  var CX = 360, CY = 285, RING = 210, CENTRE_R = 48;
  // Colour, dashes and class per level: the classes let the site's CSS adapt colours to the dark palette,
  // the attributes keep a downloaded SVG self-contained and readable without colour.
  var BANDS = {
    god: { cls: "mh-baand-hoej", stroke: "#1a7f37" },
    middel: { cls: "mh-baand-middel", stroke: "#9a6700", dash: "10 6" },
    lav: { cls: "mh-baand-lav", stroke: "#c62828", dash: "2 6", cap: "round" }
  };
  var LEVELS = Object.keys(BANDS);
  var has = Object.prototype.hasOwnProperty;

  function fill(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (all, key) {
      return has.call(values, key) ? String(values[key]) : all;
    });
  }

  function attrs(node, values, text) {
    Object.keys(values).forEach(function (key) {
      if (values[key] !== null && values[key] !== undefined) node.setAttribute(key, values[key]);
    });
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function append(parent, children) {
    children.forEach(function (child) { parent.appendChild(child); });
    return parent;
  }
  function el(tag, values, text) { return attrs(document.createElement(tag), values || {}, text); }
  function svgEl(tag, values, text) { return attrs(document.createElementNS(SVG, tag), values || {}, text); }

  // Split a name into at most `lines` lines of at most `max` characters; overlong words are hyphenated.
  function wrap(text, max, lines) {
    var tokens = [];
    text.split(/\s+/).filter(Boolean).forEach(function (word) {
      var parts = word.length > max ? Math.ceil(word.length / (max - 1)) : 1;
      var size = Math.ceil(word.length / parts); // pieces of even length, each with its hyphen within max
      for (var i = 0; i < parts; i++) tokens.push(word.slice(i * size, (i + 1) * size) + (i < parts - 1 ? "-" : ""));
    });
    var out = [];
    tokens.forEach(function (token) {
      var last = out.length - 1;
      if (last >= 0 && out[last].length + 1 + token.length <= max && out[last].slice(-1) !== "-") out[last] += " " + token;
      else out.push(token);
    });
    if (out.length > lines) {
      out = out.slice(0, lines);
      out[lines - 1] = out[lines - 1].slice(0, max - 1).replace(/-$/, "") + "…";
    }
    return out;
  }

  function nameText(lines, x, y, size, extra) {
    var text = svgEl("text", { "class": "mh-diagram__tekst", fill: "#1f1f1f", "text-anchor": "middle", "font-size": size, "font-weight": extra });
    lines.forEach(function (line, i) {
      var dy = (i - (lines.length - 1) / 2) * (size + 2) + size * 0.35;
      text.appendChild(svgEl("tspan", { x: x, y: (y + dy).toFixed(1) }, line));
    });
    return text;
  }

  function disc(x, y, r, width) {
    return svgEl("circle", {
      "class": "mh-diagram__baggrund mh-diagram__streg", cx: x.toFixed(1), cy: y.toFixed(1), r: r.toFixed(1),
      fill: "#ffffff", stroke: "#5f6368", "stroke-width": width
    });
  }

  function band(level, values) {
    var b = BANDS[level];
    values["class"] = b.cls;
    values.stroke = b.stroke;
    values["stroke-width"] = 4;
    values["stroke-dasharray"] = b.dash;
    values["stroke-linecap"] = b.cap;
    return svgEl("line", values);
  }

  function labelBox(word, x, y) {
    var g = svgEl("g");
    var w = word.length * 6.4 + 10;
    g.appendChild(svgEl("rect", {
      "class": "mh-diagram__baggrund mh-diagram__streg", x: (x - w / 2).toFixed(1), y: (y - 8).toFixed(1),
      width: w.toFixed(1), height: 16, rx: 4, fill: "#ffffff", stroke: "#5f6368", "stroke-width": 0.75
    }));
    g.appendChild(nameText([word], x, y, 11));
    return g;
  }

  // The map: centre, actors on a ring from the top clockwise, one arrow per rating, a legend at the bottom.
  function drawMap(t, centre, names, pairs) {
    var n = names.length;
    var svg = svgEl("svg", {
      "class": "mh-diagram mh-samarbejdskort__kort", viewBox: "0 0 720 620", "font-family": "sans-serif",
      role: "img", "aria-label": fill(t.map_label, { n: n, centre: centre })
    });
    svg.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns", SVG);
    svg.appendChild(svgEl("rect", { "class": "mh-diagram__baggrund", width: 720, height: 620, fill: "#ffffff" }));
    var r = Math.min(40, RING * Math.sin(Math.PI / Math.max(n, 2)) - 6);
    var nodes = names.map(function (name, k) {
      var angle = -Math.PI / 2 + 2 * Math.PI * k / n;
      return { x: CX + RING * Math.cos(angle), y: CY + RING * Math.sin(angle), r: r, name: name };
    });
    var lines = svgEl("g"), labels = svgEl("g");
    pairs.forEach(function (p) {
      var a = nodes[p.from], b = nodes[p.to];
      var dx = b.x - a.x, dy = b.y - a.y, len = Math.sqrt(dx * dx + dy * dy);
      var ux = dx / len, uy = dy / len, nx = -uy * 7, ny = ux * 7;
      var tipX = b.x - ux * b.r + nx, tipY = b.y - uy * b.r + ny;
      var baseX = tipX - ux * 12, baseY = tipY - uy * 12;
      var g = svgEl("g", { "data-fra": p.from, "data-til": p.to, "data-niveau": p.level });
      g.appendChild(band(p.level, {
        x1: (a.x + ux * a.r + nx).toFixed(1), y1: (a.y + uy * a.r + ny).toFixed(1),
        x2: baseX.toFixed(1), y2: baseY.toFixed(1)
      }));
      var points = [[tipX, tipY], [baseX + nx * 6 / 7, baseY + ny * 6 / 7], [baseX - nx * 6 / 7, baseY - ny * 6 / 7]];
      g.appendChild(svgEl("polygon", {
        "class": "mh-diagram__pilspids " + BANDS[p.level].cls, fill: BANDS[p.level].stroke, stroke: BANDS[p.level].stroke, "stroke-width": 1,
        points: points.map(function (pt) { return pt[0].toFixed(1) + "," + pt[1].toFixed(1); }).join(" ")
      }));
      lines.appendChild(g);
      // The level word near the rater's end, never past the middle where the other direction's word sits.
      var visible = len - a.r - b.r;
      var d = a.r + Math.min(Math.max(26, visible * 0.3), visible / 2 - 8);
      labels.appendChild(labelBox(t.levels[p.level], a.x + ux * d + nx, a.y + uy * d + ny));
    });
    svg.appendChild(lines);
    svg.appendChild(disc(CX, CY, CENTRE_R, 2));
    svg.appendChild(nameText(wrap(centre, 12, 3), CX, CY, 13, "bold"));
    var chars = Math.max(4, Math.floor(r * 1.9 / 6.6));
    nodes.forEach(function (node) {
      var g = svgEl("g", { "class": "mh-samarbejdskort__aktoer" });
      g.appendChild(svgEl("title", {}, node.name));
      g.appendChild(disc(node.x, node.y, node.r, 1.5));
      g.appendChild(nameText(wrap(node.name, chars, 3), node.x, node.y, 12));
      svg.appendChild(g);
    });
    svg.appendChild(labels);
    var legend = svgEl("g", { "class": "mh-samarbejdskort__forklaring" });
    legend.appendChild(svgEl("text", { "class": "mh-diagram__tekst", fill: "#1f1f1f", x: 24, y: 596, "font-size": 13, "font-weight": "bold" }, t.legend));
    LEVELS.forEach(function (level, i) {
      var x = 190 + i * 170;
      legend.appendChild(band(level, { x1: x, y1: 592, x2: x + 56, y2: 592 }));
      legend.appendChild(svgEl("text", { "class": "mh-diagram__tekst", fill: "#1f1f1f", x: x + 66, y: 596, "font-size": 13 }, t.levels[level]));
    });
    svg.appendChild(legend);
    return svg;
  }

  // A saved file, checked strictly: anything unexpected makes it unreadable rather than half-loaded.
  function parseFile(text) {
    var data;
    try { data = JSON.parse(text); } catch (e) { return null; }
    function isText(s) { return typeof s === "string" && s.length <= MAX_TEXT; }
    if (!data || typeof data !== "object" || Array.isArray(data)) return null;
    if (data.format !== FORMAT || data.version !== 1 || !isText(data.midte)) return null;
    if (!Array.isArray(data.aktoerer) || !Array.isArray(data.vurderinger) || data.aktoerer.length > MAX_ACTORS) return null;
    if (!data.aktoerer.every(function (a) { return isText(a) && a.trim() !== ""; })) return null;
    var n = data.aktoerer.length, ratings = {};
    function isIndex(i) { return typeof i === "number" && Math.floor(i) === i && i >= 0 && i < n; }
    var ok = data.vurderinger.every(function (v) {
      if (!v || typeof v !== "object" || !isIndex(v.fra) || !isIndex(v.til) || v.fra === v.til) return false;
      if (LEVELS.indexOf(v.niveau) < 0 || has.call(ratings, v.fra + "," + v.til)) return false;
      ratings[v.fra + "," + v.til] = v.niveau;
      return true;
    });
    return ok ? { centre: data.midte, actors: data.aktoerer.map(function (a) { return a.trim(); }), ratings: ratings } : null;
  }

  function setup(box, number) {
    var t;
    try { t = JSON.parse(box.getAttribute("data-tekster")); } catch (e) { return; }
    if (!t || typeof t !== "object" || !t.levels) return;
    var stem = box.getAttribute("data-fil") || "samarbejdskort";
    var id = "mh-samarbejdskort-" + number + "-";
    var ratings = {}; // "fromRow,toRow" -> level; rows are the actor inputs in order
    var counter = 0, tableKey = null, current = null;

    var noJs = box.querySelector(".mh-samarbejdskort__uden-js");
    if (noJs) noJs.hidden = true;
    function button(text) { return el("button", { type: "button", "class": "md-button mh-samarbejdskort__knap" }, text); }
    function field(name, label, values) {
      values.id = id + name;
      var input = el("input", values);
      return { row: append(el("p", { "class": "mh-samarbejdskort__felt" }), [el("label", { "for": values.id }, label), input]), input: input };
    }

    var centre = field("midte", t.centre, { type: "text", "class": "mh-samarbejdskort__tekstfelt", autocomplete: "off", maxlength: MAX_TEXT });
    var centreInput = centre.input;
    centreInput.value = t.centre_default;
    var rowList = el("div", { "class": "mh-samarbejdskort__raekker" });
    var addButton = button(t.add_actor);
    var rateEmpty = el("p", { "class": "mh-samarbejdskort__tom" }, t.empty);
    var frame = el("div", { "class": "mh-samarbejdskort__ramme", tabindex: "0", role: "region", "aria-labelledby": id + "vurderinger" });
    append(box, [append(el("div", { "class": "mh-samarbejdskort__skema" }), [
      el("p", { "class": "mh-samarbejdskort__privat" }, t.privacy),
      centre.row,
      append(el("fieldset", { "class": "mh-samarbejdskort__aktoerer" }), [el("legend", {}, t.actors), rowList, addButton]),
      append(el("fieldset", { "class": "mh-samarbejdskort__vurderinger" }), [
        el("legend", { id: id + "vurderinger" }, t.ratings), el("p", {}, t.ratings_intro), rateEmpty, frame
      ])
    ])]);

    var mapEmpty = el("p", { "class": "mh-samarbejdskort__tom" }, t.empty);
    var mapHolder = el("div", { "class": "mh-samarbejdskort__tegning" });
    var listNone = el("p", {}, t.no_ratings);
    var sentences = el("ul", { "class": "mh-samarbejdskort__liste", "aria-labelledby": id + "liste" });
    append(box, [append(el("figure", { "class": "mh-samarbejdskort__figur" }), [
      el("figcaption", {}, t.map), mapEmpty, mapHolder,
      el("p", { id: id + "liste", "class": "mh-samarbejdskort__listehoved" }, t.list), listNone, sentences
    ])]);

    var printButton = button(t.print), svgButton = button(t.save_svg), jsonButton = button(t.save_json);
    var load = field("fil", t.load, { type: "file", accept: ".json,application/json" });
    var fileInput = load.input;
    var status = el("p", { "class": "mh-samarbejdskort__status", role: "status", "aria-live": "polite" });
    append(box, [append(el("div", { "class": "mh-samarbejdskort__knapper" }), [printButton, svgButton, jsonButton, load.row, status])]);

    function rows() { return Array.prototype.slice.call(rowList.querySelectorAll("input")); }

    function addRow(name) {
      var inputId = id + "aktoer-" + counter++;
      var input = el("input", { type: "text", id: inputId, "class": "mh-samarbejdskort__tekstfelt", autocomplete: "off", maxlength: MAX_TEXT });
      input.value = name;
      // The remove button shows a cross; its name ("Fjern Jobcentret") is read from hidden text.
      var remove = append(el("button", { type: "button", "class": "mh-samarbejdskort__fjern" }), [
        el("span", { "aria-hidden": "true" }, "×"), el("span", { "class": "mh-samarbejdskort__skjult" })
      ]);
      append(rowList, [append(el("div", { "class": "mh-samarbejdskort__raekke" }), [el("label", { "for": inputId }), input, remove])]);
      return input;
    }

    // Labels follow the rows' order; a remove button is named by its actor.
    function relabel() {
      rows().forEach(function (input, i) {
        var label = fill(t.actor, { n: i + 1 });
        input.previousSibling.textContent = label;
        input.nextSibling.lastChild.textContent = fill(t.remove_actor, { name: input.value.trim() || label });
      });
    }

    function named() {
      return rows().map(function (input, i) { return { row: i, name: input.value.trim() }; })
        .filter(function (a) { return a.name !== ""; });
    }

    function centreName() { return centreInput.value.trim() || t.centre_default; }

    // The ratings between named actors, as positions in the list of named actors, in reading order.
    function pairs(actors) {
      var out = [];
      actors.forEach(function (a, i) {
        actors.forEach(function (b, j) {
          var level = ratings[a.row + "," + b.row];
          if (i !== j && level) out.push({ from: i, to: j, level: level });
        });
      });
      return out;
    }

    function buildTable(actors) {
      var key = JSON.stringify(actors);
      if (key === tableKey) return;
      tableKey = key;
      frame.textContent = "";
      rateEmpty.hidden = actors.length >= 2;
      frame.hidden = actors.length < 2;
      if (actors.length < 2) return;
      var table = el("table", { "class": "mh-samarbejdskort__tabel" });
      var head = table.appendChild(el("thead"));
      var top = head.appendChild(el("tr"));
      top.appendChild(el("th", { id: id + "fra", rowspan: 2 }, t.from));
      top.appendChild(el("th", { id: id + "med", colspan: actors.length }, t.about));
      var names = head.appendChild(el("tr"));
      actors.forEach(function (b, j) { names.appendChild(el("th", { id: id + "kol-" + j }, b.name)); });
      var body = table.appendChild(el("tbody"));
      actors.forEach(function (a, i) {
        var tr = body.appendChild(el("tr"));
        tr.appendChild(el("th", { id: id + "raekke-" + i, scope: "row" }, a.name));
        actors.forEach(function (b, j) {
          var cell = tr.appendChild(el("td", { "class": i === j ? "mh-samarbejdskort__diagonal" : null }));
          if (i === j) return;
          var select = el("select", {
            "data-fra": a.row, "data-til": b.row,
            "aria-labelledby": [id + "fra", id + "raekke-" + i, id + "med", id + "kol-" + j].join(" ")
          });
          [""].concat(LEVELS).forEach(function (level) {
            select.appendChild(el("option", { value: level }, level ? t.levels[level] : t.none));
          });
          select.value = ratings[a.row + "," + b.row] || "";
          cell.appendChild(select);
        });
      });
      frame.appendChild(table);
    }

    function draw(actors) {
      var found = pairs(actors);
      var centre = centreName();
      var enough = actors.length >= 2;
      current = enough ? drawMap(t, centre, actors.map(function (a) { return a.name; }), found) : null;
      mapHolder.textContent = "";
      if (current) mapHolder.appendChild(current);
      mapEmpty.hidden = enough;
      svgButton.disabled = !enough;
      sentences.textContent = "";
      found.forEach(function (p) {
        sentences.appendChild(el("li", {}, fill(t.line, { from: actors[p.from].name, to: actors[p.to].name, level: t.levels[p.level] })));
      });
      sentences.hidden = !found.length;
      listNone.hidden = found.length > 0;
    }

    function update() {
      relabel();
      var actors = named();
      buildTable(actors);
      draw(actors);
    }

    function say(text) {
      status.textContent = "";
      window.setTimeout(function () { status.textContent = text; }, 100);
    }

    function download(text, type, ext) {
      var url = URL.createObjectURL(new Blob([text], { type: type }));
      var link = el("a", { href: url, download: stem + ext, "class": "mh-samarbejdskort__skjult" });
      document.body.appendChild(link);
      link.click();
      link.remove();
      window.setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
    }

    function snapshot() {
      var actors = named();
      return {
        format: FORMAT, version: 1, midte: centreName(),
        aktoerer: actors.map(function (a) { return a.name; }),
        vurderinger: pairs(actors).map(function (p) { return { fra: p.from, til: p.to, niveau: p.level }; })
      };
    }

    function restore(data) {
      centreInput.value = data.centre;
      rowList.textContent = "";
      data.actors.forEach(addRow);
      while (rows().length < 3) addRow("");
      ratings = data.ratings;
      tableKey = null;
      update();
    }

    centreInput.addEventListener("input", update);
    rowList.addEventListener("input", update);
    rowList.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button) return;
      var k = rows().indexOf(button.parentNode.querySelector("input"));
      var moved = {};
      Object.keys(ratings).forEach(function (key) {
        var p = key.split(",").map(Number);
        if (p[0] !== k && p[1] !== k) moved[(p[0] > k ? p[0] - 1 : p[0]) + "," + (p[1] > k ? p[1] - 1 : p[1])] = ratings[key];
      });
      ratings = moved;
      button.parentNode.remove();
      if (!rows().length) addRow("");
      update();
      rows()[Math.min(k, rows().length - 1)].focus();
    });
    addButton.addEventListener("click", function () {
      var input = addRow("");
      update();
      input.focus();
    });
    frame.addEventListener("change", function (event) {
      var select = event.target;
      var key = select.getAttribute("data-fra") + "," + select.getAttribute("data-til");
      if (select.value) ratings[key] = select.value;
      else delete ratings[key];
      draw(named());
    });
    printButton.addEventListener("click", function () { window.print(); });
    svgButton.addEventListener("click", function () {
      if (!current) return;
      var copy = current.cloneNode(true);
      copy.setAttribute("width", "720");
      copy.setAttribute("height", "620");
      download('<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(copy), "image/svg+xml", ".svg");
    });
    jsonButton.addEventListener("click", function () {
      download(JSON.stringify(snapshot(), null, 2) + "\n", "application/json", ".json");
    });
    fileInput.addEventListener("change", function () {
      var file = fileInput.files && fileInput.files[0];
      if (!file) return;
      if (file.size > 1000000) { fileInput.value = ""; say(t.load_error); return; }
      var reader = new FileReader();
      reader.onload = function () {
        var data = parseFile(String(reader.result));
        if (data) restore(data);
        say(data ? fill(t.loaded, { file: file.name }) : t.load_error);
        fileInput.value = "";
      };
      reader.onerror = function () { fileInput.value = ""; say(t.load_error); };
      reader.readAsText(file);
    });

    for (var i = 0; i < 3; i++) addRow("");
    update();
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll(".mh-samarbejdskort"), setup);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
