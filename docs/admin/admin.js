// Metodehåndbogen's web editor: Decap CMS with the handbook's own file formats, a preview in the site's
// shape and the checks of `make check` as the editor types. The form comes from config.yml, which the
// build writes from the content schema; skema.json gives the formats the schema's key order, and tekster.json
// the words of the preview and its warnings (the site's strings table).
(function () {
  "use strict";
  var CMS = window.CMS;
  var h = window.h;
  var createClass = window.createClass;
  var has = Object.prototype.hasOwnProperty;
  var style = window.MetodebogYaml;

  function plainObject(data) {
    // Decap hands the format Immutable structures turned to JS; make sure of plain objects and arrays.
    return JSON.parse(JSON.stringify(data));
  }

  function registerFormats(skema) {
    var method = skema.metoder;
    var kase = skema.cases;
    CMS.registerCustomFormat("metode-yaml", "yaml", {
      fromFile: function (content) {
        var data = window.jsyaml.load(content) || {};
        var form = style.toForm(data, method);
        if (has.call(data, "type")) form._dansk = true; // a translation has no type
        return form;
      },
      toFile: function (data) {
        return style.methodFile(style.toFile(plainObject(data), method), method);
      }
    });
    CMS.registerCustomFormat("case-md", "md", {
      fromFile: function (content) {
        var parts = style.splitCase(content);
        var data = style.toForm(window.jsyaml.load(parts.front) || {}, kase);
        data.body = parts.body;
        return data;
      },
      toFile: function (data) {
        var plain = plainObject(data);
        var body = plain.body || "";
        delete plain.body;
        return style.caseFile(style.toFile(plain, kase), body, kase);
      }
    });
  }

  // -- the checks of make check, as the editor types ---------------------------------------------------

  var shapes = {}; // the schemas of a method and a case (skema.json), set at start
  var words = {}; // the strings table (tekster.json), set at start

  // Every text in the entry with where it stands ("faser › 1 › tjekliste › punkter › 2") and how make check
  // reads it: Markdown (the schema says so), a case's story (which may have its own sections), or plain text.
  function texts(data, shape, path, out) {
    if (typeof data === "string") {
      var kind = path[0] === "body" ? "body" : shape && shape.contentMediaType === "text/markdown" ? "markdown" : "plain";
      out.push({ path: path, text: data, kind: kind });
    } else if (Array.isArray(data)) {
      data.forEach(function (x, i) { texts(x, shape && shape.items, path.concat(String(i + 1)), out); });
    } else if (data && typeof data === "object") {
      Object.keys(data).forEach(function (k) {
        if (k.charAt(0) === "_") return;
        var sub = shape && ((shape.properties && shape.properties[k]) || shape.additionalProperties);
        texts(data[k], sub, path.concat(k), out);
      });
    }
    return out;
  }

  function problems(data, shape) {
    var check = window.MetodebogTjek;
    if (!check) return [];
    var allowed = (data.fiktive_oplysninger || []).filter(function (x) { return typeof x === "string"; });
    var out = [];
    texts(data, shape, [], []).forEach(function (t) {
      if (t.path[0] === "fiktive_oplysninger") return;
      var found = check.personalData(t.text, allowed).concat(
        t.kind === "plain" ? check.controlCharacter(t.text) : check.markup(t.text, t.kind === "body"));
      found.forEach(function (p) {
        var line = p.line ? " " + words.editor.at_line.replace("{n}", p.line) : "";
        out.push({ where: t.path.join(" › ") + line, message: p.message });
      });
    });
    return out;
  }

  function warnings(data, shape) {
    var found = problems(data, shape);
    if (!found.length) return null;
    return h("section", { className: "mh-editor-advarsler", role: "alert" },
      h("h2", {}, words.editor.fix_first),
      h("ul", {}, found.map(function (p, i) {
        return h("li", { key: i }, h("strong", {}, p.where + ": "), p.message);
      })));
  }

  // -- the preview: the entry in the shape of its page ------------------------------------------------------

  function md(text) {
    if (!text) return null;
    var html = window.DOMPurify.sanitize(window.marked.parse(String(text)), { USE_PROFILES: { html: true } });
    return h("div", { dangerouslySetInnerHTML: { __html: html } });
  }

  function list(items, className) {
    if (!items || !items.length) return null;
    return h("ul", { className: className }, items.map(function (x, i) { return h("li", { key: i }, md(x)); }));
  }

  function section(title, body) {
    return body ? h("section", {}, h("h2", {}, title), body) : null;
  }

  var MethodPreview = createClass({
    render: function () {
      var d = plainObject(this.props.entry.get("data").toJS());
      var phases = d.faser || [];
      return h("article", { className: "md-typeset mh-forhaandsvisning" },
        warnings(d, shapes.metoder),
        h("h1", {}, (d.titel || "") + (d.forkortelse ? " (" + d.forkortelse + ")" : "")),
        md(d.resumé),
        section(words.method.background, md(d.baggrund)),
        section(words.method.purpose, md(d.formål)),
        section(words.method.principles, (d.principper || []).length ? h("div", {}, d.principper.map(function (p, i) {
          return h("div", { key: i }, h("h3", {}, p.titel || ""), md(p.tekst));
        })) : null),
        phases.length ? h("section", {}, h("h2", {}, words.method.phases), h("ol", {}, phases.map(function (p, i) {
          return h("li", { key: i },
            h("h3", {}, words.method.phase.replace("{n}", i + 1) + ": " + (p.titel || "")),
            md(p.formål), md(p.fremgangsmåde),
            p.værktøjer ? h("div", {}, h("h4", {}, words.method.tools), list(p.værktøjer.spørgsmål)) : null,
            p.tjekliste ? h("div", {}, h("h4", {}, words.method.checklist + ": " + (p.tjekliste.titel || "")), list(p.tjekliste.punkter, "mh-tjekliste")) : null);
        }))) : null,
        (d.tjeklister || []).length ? section(words.method.checklists, h("div", {}, d.tjeklister.map(function (c, i) {
          return h("div", { key: i }, h("h3", {}, c.titel || ""), md(c.intro), list(c.punkter, "mh-tjekliste"));
        }))) : null,
        (d.værktøjer || []).length ? section(words.method.worksheets, h("div", {}, d.værktøjer.map(function (t, i) {
          return h("div", { key: i }, h("h3", {}, t.titel || ""), md(t.intro), list(t.spørgsmål));
        }))) : null,
        section(words.method.sources, (d.kilder || []).length ? h("ul", {}, d.kilder.map(function (s, i) {
          return h("li", { key: i }, [s.titel, s.forfatter, s.udgiver, s.år].filter(Boolean).join(", "));
        })) : null));
    }
  });

  var CasePreview = createClass({
    render: function () {
      var d = plainObject(this.props.entry.get("data").toJS());
      return h("article", { className: "md-typeset mh-forhaandsvisning" },
        warnings(d, shapes.cases),
        h("h1", {}, d.titel || ""),
        d.resumé ? h("p", { className: "mh-resume" }, d.resumé) : null,
        md(d.body),
        d.kilde ? h("p", {}, h("strong", {}, words.case.source + ": "), d.kilde) : null);
    }
  });

  function start(skema, sheets, tekster) {
    shapes = skema;
    words = tekster;
    registerFormats(skema);
    sheets.forEach(function (href) { CMS.registerPreviewStyle(href); });
    CMS.registerPreviewStyle("forhaandsvisning.css");
    CMS.registerPreviewTemplate("metoder", MethodPreview);
    CMS.registerPreviewTemplate("cases", CasePreview);
    // What the preview warns about also stops a save, with the same words.
    CMS.registerEventListener({
      name: "preSave",
      handler: function (event) {
        var d = plainObject(event.entry.get("data").toJS());
        var found = problems(d, shapes[event.entry.get("collection")]);
        if (found.length) throw new Error(found.map(function (p) { return p.where + ": " + p.message; }).join("\n"));
        return event.entry.get("data");
      }
    });
    CMS.init();
  }

  function json(name) {
    return fetch(name, { credentials: "same-origin" }).then(function (r) { return r.json(); });
  }

  Promise.all([json("skema.json"), json("stilark.json"), json("tekster.json")]).then(function (loaded) {
    start(loaded[0], loaded[1], loaded[2]);
  });
})();
