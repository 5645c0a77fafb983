// The handbook's YAML style, shared by the web editor (admin.js) and `node cms/formater.js`: the
// schema's key order, plain scalars where YAML reads them back unchanged, literal blocks for text
// with line breaks, folded blocks wrapped at 100 columns for long one-line text, and short lists of
// words in brackets. What PyYAML (make check) reads from the output is exactly the data written.
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.MetodebogYaml = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";
  var has = Object.prototype.hasOwnProperty;
  var WIDTH = 100; // folded text is wrapped at this column, as the scaffolds are
  var PAIR = ["id", "værdi"]; // an id → value mapping is a list of pairs in the form

  // YAML 1.1 reads these plain words as booleans or null; PyYAML (make check) does too.
  var SPECIAL = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~)$/;
  // What YAML 1.1 reads as a number, a date or a time (1.5, 0x1f, 2024-01-01, 12:30), not text.
  var NUMBERLIKE = /^(?:[-+]?(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][-+]?\d+)?|[-+]?\.(?:inf|nan)|0x[0-9a-fA-F_]+|0o?[0-7_]+|[-+]?\d+(?::[0-5]?\d)+(?:\.\d*)?|\d{4}-\d\d?-\d\d?(?:[Tt ].*)?)$/i;

  function plainSafe(text, inFlow) {
    if (!text || text !== text.trim() || /\n/.test(text)) return false;
    if (SPECIAL.test(text) || NUMBERLIKE.test(text)) return false;
    if (/^[-?:,\[\]{}#&*!|>'"%@`]/.test(text)) return false;
    if (/: |:$| #|\t|[\u0085\u2028\u2029\ufeff]/.test(text)) return false;
    if (inFlow && /[,\[\]{}]/.test(text)) return false;
    return true;
  }

  // A JSON string is a YAML double-quoted scalar, once the characters YAML reads as line breaks are escaped.
  function quoted(text) {
    return JSON.stringify(text).replace(/[\u0085\u2028\u2029\ufeff]/g, function (c) {
      return "\\u" + ("000" + c.charCodeAt(0).toString(16)).slice(-4);
    });
  }

  function scalar(value, inFlow) {
    if (typeof value === "boolean") return value ? "true" : "false";
    if (typeof value === "number") return String(value);
    return plainSafe(value, inFlow) ? value : quoted(value);
  }

  function fold(text, indent) {
    // Greedy wrap at WIDTH; a folded scalar joins its lines with spaces again.
    var words = text.split(" ");
    var lines = [];
    var line = "";
    words.forEach(function (word) {
      if (line && indent.length + line.length + 1 + word.length > WIDTH) {
        lines.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    });
    lines.push(line);
    return lines.map(function (l) { return indent + l; }).join("\n");
  }

  function stringValue(text, indent) {
    if (/\n/.test(text) && /^[^\s]/.test(text) && !/[ \t]\n|[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff]/.test(text)) {
      var body = text.replace(/\n$/, "");
      var chomp = /\n$/.test(text) ? (/\n\n$/.test(text) ? "+" : "") : "-";
      return " |" + chomp + "\n" + body.split("\n").map(function (l) { return l ? indent + l : ""; }).join("\n");
    }
    var single = scalar(text, false);
    // A long text without double spaces folds at the margin, like the scaffolds' resumé.
    if (indent.length + single.length > WIDTH && text === text.trim() && !/ {2}|[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/.test(text)) {
      return " >-\n" + fold(text, indent);
    }
    return " " + single;
  }

  // Words in brackets only when each is letters, digits, spaces and a few marks that mean nothing in
  // YAML's flow style ("relation", "ABCD i praksis", "H.C. Andersen"); anything else is a block list.
  var WORDS = /^[\p{L}\p{N}][\p{L}\p{N} .\-–’'/]*$/u;

  function flowList(items) {
    if (!items.every(function (x) { return typeof x === "string" && WORDS.test(x) && plainSafe(x, true); })) return null;
    return "[" + items.join(", ") + "]";
  }

  // The order of keys: the schema's, then any others in the order they came.
  function ordered(data, shape) {
    var keys = Object.keys((shape && shape.properties) || {}).filter(function (k) { return has.call(data, k); });
    Object.keys(data).forEach(function (k) { if (keys.indexOf(k) < 0) keys.push(k); });
    return keys.filter(function (k) { return k.charAt(0) !== "_" && !empty(data[k]); });
  }

  // Left out of the file: what the form holds for a field never filled in. A switch left off (uoplyst)
  // is the same as no switch.
  function empty(value) {
    return value === null || value === undefined || value === "" || value === false ||
      (Array.isArray(value) && value.length === 0) ||
      (typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0);
  }

  function mapping(data, shape, indent) {
    return ordered(data, shape).map(function (key) {
      var sub = shape && ((shape.properties && shape.properties[key]) || shape.additionalProperties);
      return indent + scalar(key, false) + ":" + value(data[key], sub, indent);
    }).join("\n");
  }

  function value(v, shape, indent) {
    if (Array.isArray(v)) {
      var items = shape && shape.items;
      var flow = flowList(v);
      if (flow !== null && (!items || items.type !== "object") && indent.length + flow.length <= WIDTH + 20) {
        return " " + flow;
      }
      return "\n" + v.map(function (x) {
        if (x && typeof x === "object") {
          var inner = mapping(x, items, indent + "    ");
          return indent + "  - " + inner.slice(indent.length + 4);
        }
        return indent + "  -" + (typeof x === "string" ? stringValue(x, indent + "    ") : " " + scalar(x, false));
      }).join("\n");
    }
    if (v && typeof v === "object") return "\n" + mapping(v, shape, indent + "  ");
    if (typeof v === "string") return stringValue(v, indent + "  ");
    // A score field ("number") keeps its decimal: 4.0 stays 4.0, as Python wrote and reads it.
    if (typeof v === "number" && shape && shape.type === "number" && Number.isInteger(v)) return " " + v.toFixed(1);
    return " " + scalar(v, false);
  }

  function dump(data, shape) {
    return mapping(data, shape, "") + "\n";
  }

  // An id → value mapping in the file (additionalProperties) is a list of {id, værdi} in the form.
  function toForm(data, shape) {
    if (Array.isArray(data)) return data.map(function (x) { return toForm(x, shape && shape.items); });
    if (!data || typeof data !== "object") return data;
    if (shape && shape.additionalProperties && !shape.properties) {
      return Object.keys(data).map(function (k) { var pair = {}; pair[PAIR[0]] = k; pair[PAIR[1]] = data[k]; return pair; });
    }
    var out = {};
    Object.keys(data).forEach(function (k) { out[k] = toForm(data[k], shape && shape.properties && shape.properties[k]); });
    return out;
  }

  function toFile(data, shape) {
    if (Array.isArray(data)) {
      if (shape && shape.additionalProperties && !shape.properties) {
        var map = {};
        data.forEach(function (pair) { if (pair && pair[PAIR[0]]) map[pair[PAIR[0]]] = pair[PAIR[1]]; });
        return map;
      }
      return data.map(function (x) { return toFile(x, shape && shape.items); });
    }
    if (!data || typeof data !== "object") return data;
    var out = {};
    Object.keys(data).forEach(function (k) { out[k] = toFile(data[k], shape && shape.properties && shape.properties[k]); });
    return out;
  }



  function methodFile(data, shape) {
    return shape.schema_line + "\n" + dump(data, shape);
  }

  function splitCase(content) {
    var m = /^---\n([\s\S]*?\n)---\n([\s\S]*)$/.exec(content);
    return m ? { front: m[1], body: m[2] } : { front: "", body: content };
  }

  function caseFile(data, body, shape) {
    return "---\n" + dump(data, shape) + "---\n" + body;
  }

  return { dump: dump, toForm: toForm, toFile: toFile, methodFile: methodFile, splitCase: splitCase, caseFile: caseFile };
});
