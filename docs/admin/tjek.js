// The web editor's copy of two checks of `make check` (hooks/metodebog/privacy.py, sanitize.py), so an editor sees
// the same Danish warnings while typing; tests/test_tjek_js.py holds it to the Python. Plain script, no build step:
// window.MetodebogTjek.personalData(text, allowed) → [{line, column, kind, masked, message}]; .markup(text, body)
// → [{message}] (body: a case's narrative); .controlCharacter(text) → [{message}]; .all(text, allowed, body) → both.
(function () {
  "use strict";
  // -- Python's regular expressions, spelled out --------------------------------------------------------------
  // On str patterns Python's \w is [\p{L}\p{N}_], \d is \p{Nd} and \s is str.isspace() (Unicode 14 in Python 3.11).
  var W = "\\p{L}\\p{N}_", D = "\\p{Nd}";
  var S = "\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
  // Python's IGNORECASE, letter by letter: besides upper case, re also matches ı/İ for i, ſ for s, K (Kelvin) for k
  // and Å (Ångström) for å. JavaScript's `i` flag differs for i, so the classes are written out instead.
  var EXTRA = { i: "I\u0130\u0131", k: "K\u212a", s: "S\u017f", "å": "Å\u212b" };
  function anyCase(words) { return words.replace(/[a-zæøåé]/g, function (c) { return "[" + c + (EXTRA[c] || c.toUpperCase()) + "]"; }); }
  function re(source, flags) { return new RegExp(source, "u" + (flags || "")); }

  // -- personal data: privacy.py --------------------------------------------------------------------------------
  var CPR = re("(?<![" + W + "+\\-/.])(?<d>" + D + "{2})[ .\\-/]?(?<m>" + D + "{2})[ .\\-/]?(?<y>" + D + "{2})" +
    " ?[\\-/ ]? ?(?<n>" + D + "{4})(?![" + W + "\\-/]|\\." + D + ")", "g");
  // Danish subscriber numbers: eight digits, alone or in groups, with an optional +45 or 0045 in front.
  var PHONE = re(("(?<![" + W + "+\\-/.])(?:(?:\\+|00)45[ .\\-]?|\\(\\+45\\) ?)?" +
    "(?<num>\\d{8}|\\d{2}([ .\\-])\\d{2}\\2\\d{2}\\2\\d{2}|\\d{4}[ .\\-]\\d{4}|\\d{2}[ .\\-]\\d{3}[ .\\-]\\d{3}" +
    "|\\d{3}[ .\\-]\\d{2}[ .\\-]\\d{3}|\\d{2}[ .\\-]\\d{2}[ .\\-]\\d{4})(?![" + W + "\\-/]|[.,]\\d)")
      .replace(/\\d/g, D), "g");
  var EMAIL = re("(?<![" + W + ".+\\-])[" + W + ".+\\-]+@[" + W + "\\-]+(?:\\.[" + W + "\\-]+)*\\.[a-zA-Z]{2,}", "g");
  var STREET_WORDS = "vej|vejen|gade|gaden|allé|alle|alléen|alleen|boulevard|boulevarden|plads|pladsen|stræde|strædet|" +
    "vænge|vænget|torv|torvet|have|haven|park|parken|bakke|bakken|sti|stien|toft|toften|vang|vangen|kvarter|kvarteret|" +
    "passage|passagen|dige|diget|kaj|kajen|løkke|løkken|mark|marken|høj|højen|hegn|hegnet|ager|agre|eng|engen|lund|" +
    "lunden|bro|broen|holm|holmen|gård|gården|krog|krogen|strand|stranden|landevej|landevejen|ringvej|ringvejen|bygade|kvt";
  var NAME = "(?:(?:[A-ZÆØÅ]\\.){1,3} ?|[A-ZÆØÅ][a-zæøåéü]+ )";
  var STREET = re("(?<![" + W + ".])(?<name>" + NAME + "{0,3}[A-ZÆØÅ][a-zæøåéü]*(?:" + STREET_WORDS + ")|" +
    NAME + "{1,3}(?:" + anyCase(STREET_WORDS) + ")) (?<no>" + D + "{1,3}(?: ?[A-Za-z])?)(?![" + W + "\\-]|[.,]" + D + ")", "g");
  // What stands right before a number that is not a phone or CPR number, though it has as many digits.
  var LABELS = re("(?:" + anyCase("cvr|se|p|ean|gln|journal|j|sags|faktura|ordre|konto|reg|isbn|issn|lov|" +
    "bekendtgørelse|bek|nr") + "|§§?)[" + S + ".\\-:]*(?:" + anyCase("nr|nummer") + ")?[" + S + ".\\-:]*$");
  var DIGIT = re(D), ONE_DIGIT = re("^" + D + "$");
  var KIND = { cpr: "et CPR-nummer", phone: "et telefonnummer", email: "en e-mailadresse", street: "en adresse" };
  function digit(ch) {  // a decimal digit's value in any script, as int() reads it: every \p{Nd} run is whole decades 0-9
    for (var cp = ch.codePointAt(0), n = 0; ONE_DIGIT.test(String.fromCodePoint(cp - n - 1)); n++);
    return n % 10;
  }
  function number(chars) { return chars.reduce(function (v, ch) { return v * 10 + digit(ch); }, 0); }
  function isDate(y, m, d) {  // datetime.date(y, m, d) would not raise
    var days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    return m >= 1 && m <= 12 && d >= 1 && d <= days[m - 1];
  }
  // stdnum.dk.cpr.get_birth_date: the 7th digit and the year give the century. stdnum's clean() first turns
  // full-width and mathematical digits into ASCII; any other script's digit matches none of its ASCII lists.
  function isCpr(g) {
    var c = Array.from(g.d + g.m + g.y + g.n), cp = c[6].codePointAt(0), year = number(c.slice(4, 6));
    var seventh = (cp >= 0xff10 && cp <= 0xff19) || (cp >= 0x1d7ce && cp <= 0x1d7ff) ? String(digit(c[6])) : c[6];
    if ("5678".indexOf(seventh) >= 0 && year >= 58) year += 1800;
    else if ("0123".indexOf(seventh) >= 0 || ("49".indexOf(seventh) >= 0 && year >= 37)) year += 1900;
    else year += 2000;
    return isDate(year, number(c.slice(2, 4)), number(c.slice(0, 2)));
  }
  // Whether eight digits read as a date (20240101 or 01012024), which is no phone number.
  function isIsoDate(c) {
    return [[c.slice(0, 4), c.slice(4, 6), c.slice(6)], [c.slice(4), c.slice(2, 4), c.slice(0, 2)]].some(function (r) {
      var y = number(r[0]);
      return y >= 1900 && y <= 2100 && isDate(y, number(r[1]), number(r[2]));
    });
  }
  // Whether the number at `start` follows a label such as 'CVR-nr.' or '§', in the 24 characters before it.
  function labelled(line, start) {
    var from = start;
    for (var n = 0; n < 24 && from > 0; n++) from -= /[\udc00-\udfff]/.test(line[from - 1]) && from > 1 ? 2 : 1;
    return LABELS.test(line.slice(from, start));
  }
  // Finding.masked: the identifying part hidden ('010190-****', 'j***@eksempel.dk', 'Skovvej **').
  function masked(kind, t) {
    if (kind === KIND.email) return Array.from(t.slice(0, t.indexOf("@")))[0] + "***" + t.slice(t.indexOf("@"));
    if (kind === KIND.street) return t.slice(0, t.lastIndexOf(" ")) + " **";
    var keep = kind === KIND.cpr ? 6 : 2, digits = 0;
    return Array.from(t).map(function (ch) { return ONE_DIGIT.test(ch) && ++digits > keep ? "*" : ch; }).join("");
  }
  function codePoints(s) {  // how many code points (as Python counts) stand before each UTF-16 position of `s`
    for (var i = 0, n = 0, out = [0]; i < s.length; i++) out.push(/[\udc00-\udfff]/.test(s[i]) ? n : ++n);
    return out;
  }
  // Each match in `line` that is personal data by its form, with its kind, most specific first.
  function candidates(line) {
    var out = [];
    if (line.indexOf("@") >= 0) for (var e of line.matchAll(EMAIL)) out.push([e, KIND.email]);
    if (!DIGIT.test(line)) return out;
    for (var c of line.matchAll(CPR)) if (isCpr(c.groups) && !labelled(line, c.index)) out.push([c, KIND.cpr]);
    for (var p of line.matchAll(PHONE)) {
      var num = Array.from(p.groups.num);  // a labelled number or a date (20240101) is something else
      if (!labelled(line, p.index) && !(num.length === 8 && isIsoDate(num))) out.push([p, KIND.phone]);
    }
    for (var s of line.matchAll(STREET)) out.push([s, KIND.street]);
    return out;
  }
  // privacy.find_personal_data, each finding with the sentence `make check` says for it in a method or case file.
  function personalData(text, allowed) {
    var findings = [], fiction = (allowed || []).filter(Boolean);
    if (text.indexOf("@") < 0 && !DIGIT.test(text)) return findings;
    text.split("\n").forEach(function (line, i) {
      var taken = [], points = codePoints(line);  // taken: a CPR number is not also reported as a phone number
      candidates(line).forEach(function (c) {
        var m = c[0], start = m.index, end = start + m[0].length, kind = c[1];
        if (taken.some(function (t) { return (t[0] <= start && start < t[1]) || (start <= t[0] && t[0] < end); })) return;
        if (fiction.some(function (a) { return a.indexOf(m[0]) >= 0 || m[0].indexOf(a) >= 0; })) return;
        taken.push([start, end]);
        var hidden = masked(kind, m[0]), column = points[start] + 1;
        findings.push({ line: i + 1, column: column, kind: kind, masked: hidden, message: "her står noget, der ligner " + kind + " (" + hidden + "). Håndbogen må ikke indeholde personoplysninger: fjern oplysningen, eller skriv den i filens felt 'fiktive_oplysninger', hvis den er opdigtet med vilje." });
      });
    });
    return findings.sort(function (a, b) { return a.line - b.line || a.column - b.column; });
  }

  // -- markup: sanitize.field_problems with the FIELD allowlist ------------------------------------------------
  // A conservative subset: what is reported here, `make check` reports too, in the same words; wherever Markdown or
  // html.parser might read the text another way (code, raw HTML blocks, odd tags), it says nothing.
  var TAGS = "p br strong em b i code pre kbd abbr a ul ol li blockquote table thead tbody tr th td dl dt dd hr sub sup div details summary".split(" ");
  var ATTRIBUTES = { a: ["href", "title"], abbr: ["title"], ol: ["start"] }, SCHEMES = ["https", "mailto", "metode", "case", "emne"];
  var ADMONITIONS = ["note", "info", "tip", "warning", "example", "quote", "abstract", "question", "success"];
  var CLASSES = { div: ADMONITIONS.concat("admonition"), details: ADMONITIONS, p: ["admonition-title"] };
  var CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;
  var MARKUP = /[<&[\]{}|]|(?:^|(?<=\n))[ \t]*(?:#|!!!|\?\?\?|[=-]+[ \t]*(?=\n|$))/;  // sanitize._MARKUP
  var HIDDEN = "\x01";  // stands for text Markdown does not read as markup (no control character gets this far)
  var PLAIN = "[^\\s\"'=<>\\x01`\\\\&|\\[\\]{}]";  // a character with no meaning to Markdown or HTML here
  var QUOTED = "[^<>\\x01\\t\\n\\r`\\\\&|\\[\\]{}", VALUE = "\"" + QUOTED + "\"]*\"|'" + QUOTED + "']*'|" + PLAIN + "+";
  var ATTRIBUTE = re("([A-Za-z_:][\\w:.\\-]*)(?: *= *(" + VALUE + "))?", "g");
  var START_TAG = re("<([A-Za-z][A-Za-z0-9\\-]*)((?: +[A-Za-z_:][\\w:.\\-]*(?: *= *(?:" + VALUE + "))?)*) *\\/?>", "y");
  var END_TAG = /<\/[A-Za-z][A-Za-z0-9-]* *>/y;
  var AUTOLINK = re("<((?:[Ff]|[Hh][Tt])[Tt][Pp][Ss]?:\\/\\/" + PLAIN + "*)>", "y");  // Markdown's <http://…>
  var SIMPLE = /<[\w:@.+\-\/#%?=~]+>/y;  // <x:y>, <a@b.dk>: no spaces nor Markdown, so nothing hides inside
  var URL = "[^\\s()\"'<>\\x01`\\\\&|\\[\\]{}]";  // in a link's address, with one level of brackets: alert(1)
  var LINK = re("(!?)\\[[^[\\]\\x01\\n|\\\\]*\\]\\(((?:" + URL + "|\\(" + URL + "*\\))*)(?: +\"[^\"()\\x01\\n\\\\]*\")?\\)", "g");
  var RAW = /(?:^|\n) {0,7}<\/?[A-Za-z][A-Za-z0-9-]*(?:[\s/>]|$)/;  // where a raw HTML block may start
  var SPACES = re("[" + S + "]+");
  function words(s) { return s.split(SPACES).filter(Boolean); }  // Python's str.split()
  function tagMessage(tag) {
    if (/^h[1-6]$/.test(tag)) return "overskrifter (<" + tag + "> eller '#') er ikke tilladt i et tekstfelt; siden laver selv overskrifterne. Skriv teksten som almindelige afsnit, eller brug **fed** til en mellemrubrik.";
    if (tag === "img") return "billeder (<img> eller ![…](…)) er ikke tilladt i håndbogens tekster. Slet billedet, eller link til det med [tekst](https://…).";
    return "HTML-elementet <" + tag + "> er ikke tilladt i håndbogens tekster. Slet det, og skriv teksten med Markdown (afsnit, lister, **fed**, *kursiv*, [links](https://…) og tabeller).";
  }
  function attributeMessage(tag, name) {
    if (name.indexOf("on") === 0) return "attributten '" + name + "' på <" + tag + "> ville køre et script i læserens browser og er ikke tilladt. Slet den.";
    if (name === "style") return "attributten 'style' på <" + tag + "> er ikke tilladt: udseendet styres af håndbogens stylesheet. Slet den (står den i en tabel, så fjern kolonerne i tabellens skillelinje, fx |:---| → |---|).";
    return "attributten '" + name + "' på <" + tag + "> er ikke tilladt i håndbogens tekster. Slet den (også når den står i {: … } efter teksten).";
  }
  // A link whose scheme the allowlist refuses, or null. Only plain addresses are judged: `scheme:…` and `//host`.
  function linkMessage(url) {
    var bare = url.replace(/^ +/, ""), scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(bare);
    if (!/^\/\//.test(bare) && (!scheme || SCHEMES.indexOf(scheme[1].toLowerCase()) >= 0)) return null;
    return "linket '" + Array.from(words(url).join(" ")).slice(0, 60).join("") + "' er ikke tilladt. Et link skal pege på en side i håndbogen (metode:<id>, case:<id>, emne:<id>), være relativt eller begynde med https:// eller mailto:.";
  }
  // sanitize.checked for one start tag: the tag itself, or else each attribute, sorted as html.parser's are there.
  function tagProblems(tag, attrs, body) {  // body: a case's narrative, where <h2>–<h4> are allowed (sanitize.BODY)
    if (TAGS.indexOf(tag) < 0 && !(body && /^h[234]$/.test(tag))) return [tagMessage(tag)];
    return attrs.sort(function (x, y) { return x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0; })
      .map(function (a) {
        var name = a[0], classes = CLASSES[tag], bad;
        if (name === "class" && classes) {
          bad = words(a[1]).filter(function (c) { return classes.indexOf(c) < 0; });
          return bad.length ? "klassen '" + bad[0] + "' på <" + tag + "> er ikke tilladt. Brug en af: " + classes.slice().sort().join(", ") + "." : null;
        }
        if ((ATTRIBUTES[tag] || []).indexOf(name) < 0) return attributeMessage(tag, name);
        return ["href", "src", "action", "formaction", "xlink:href"].indexOf(name) >= 0 ? linkMessage(a[1]) : null;
      }).filter(Boolean);
  }

  // The text with what Markdown does not read as markup hidden, paragraph by paragraph: code spans (from the first
  // to the last backtick), indented lines (code; in an admonition's body, indented once more), {: … }, abbreviation
  // and link definitions to the paragraph's end, and a table's cells beyond its header's (Python-Markdown drops
  // them; with code or escapes in it, all its rows). Line ends stay, so positions do too.
  var PREFIX = "(?:[ ]{0,3}(?:>|[-*+:]|\\d+[.)])[ ]?)*";  // a quote's or a list's markers
  var DEFINITION = re("(?:^|\\n|>)" + PREFIX + "(?:[ \\t]*\\*\\[| {0,7}\\[[^\\]]*\\]:)"), CODE = re("^" + PREFIX + "(?: {0,3}\\t| {4})");
  var MARKERS = re("^" + PREFIX), ADMONITION = /^(?:!!!|\?\?\?\+?) ?[\w-]+(?: +[\w-]+)*(?: +"[^\n]*")? *(?:\n|$)/;  // as the extensions read it
  function cells(row, border) {  // as TableProcessor._split_row counts them; with a border, a leading and a trailing | go
    return (border ? row.replace(/^ *\|?|\|? *$/g, "") : row).split("|").length;
  }
  function hide(text) {
    var c = text.split(""), at = 0, admonition = false;
    function blank(from, to) { for (var i = from; i < to; i++) if (c[i] !== "\n") c[i] = HIDDEN; }
    text.split(/(\n[ \t]*\n)/).forEach(function (block, i) {
      var lines = block.split("\n"), header = !(i % 2) && ADMONITION.test(block), head = Infinity, border = true, odd = /[`\\]/.test(block);
      if (!(i % 2)) {
        admonition = header || (admonition && /^ {4}/.test(block));  // !!! note, ??? tip: the lines below are its body
        if (block.indexOf("`") >= 0) blank(at + block.indexOf("`"), at + block.lastIndexOf("`") + 1);
        if (DEFINITION.test(block)) blank(at + block.search(DEFINITION), at + block.length);
      }
      lines.forEach(function (line, n) {
        var content = admonition && (n || !header) && /^ {4}/.test(line) ? line.slice(4) : line;
        if (CODE.test(content) || (head < Infinity && (odd || cells(line, border) > head))) blank(at, at + line.length);
        if (n && /^(?: *>)*[|:\- ]*-[|:\- ]*$/.test(line)) {  // a table's rule: count its header's cells low, rows' high
          var top = lines[n - 1].replace(MARKERS, "").replace(/^ +| +$/g, ""), edged = /^\||\|$/.test(top);
          head = Math.min(head, cells(top, edged));
          border = border && edged;
        }
        for (var b of line.matchAll(/\{[^}\n]*\}?/g)) blank(at + b.index, at + b.index + b[0].length);  // {: … }
        blank(at + Math.min(line.search(/>(?: {0,3}\t| {4})/) >>> 0, line.length), at + line.length);  // after a raw block's end tag, a new line: code
        at += line.length + 1;
      });
      at -= 1;
      admonition = admonition && lines.slice(header ? 1 : 0).every(function (l) { return /^( {4}|[ \t]*$)/.test(l); });
    });
    return { c: c, blank: blank };
  }
  function paragraphEnd(s, pos) { var end = s.slice(pos).search(/\n[ \t]*\n/); return end < 0 ? s.length : pos + end; }
  function within(regions, pos) { return regions.some(function (r) { return r[0] < pos && pos < r[1]; }); }
  // How many [ are open before each position, in its paragraph (counted high: an escaped \[ counts, \] does not).
  function openBrackets(s) {
    for (var i = 0, open = 0, blankLine = true, out = []; i <= s.length; i++) {
      out.push(open);
      if (s[i] === "\n") open = blankLine ? 0 : open, blankLine = true;
      else if (s[i] !== " " && s[i] !== "\t") blankLine = false;
      open = s[i] === "[" ? open + 1 : s[i] === "]" && s[i - 1] !== "\\" ? Math.max(0, open - 1) : open;
    }
    return out;
  }
  // sanitize.control_character, which `make check` applies to every text, Markdown or not.
  function controlCharacter(text) {
    var control = CONTROL.exec(text), code = control && control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
    return control ? [{ message: "teksten indeholder et usynligt styretegn (U+" + code + "), som ikke hører hjemme i en tekst. Slet det; skriv teksten ind på ny, hvis du ikke kan se, hvor det står." }] : [];
  }
  // sanitize.field_problems(text) with the FIELD allowlist (BODY with `body`), as far as this check can be sure of it.
  function markup(text, body) {
    if (CONTROL.test(text)) return controlCharacter(text);
    if (!MARKUP.test(text)) return [];
    text = text.replace(/\r\n?/g, "\n");  // as Python-Markdown reads line ends
    var h = hide(text), shown = h.c.join(""), open = openBrackets(shown), found = [], marked = [], dest = [];
    // Markdown links and images. A link's address (and title) hides what is in it: read in the text as written, to
    // its closing bracket, or to the paragraph's end where a title, code or an escape could move that.
    for (var i = text.indexOf("]("), end; i >= 0; i = text.indexOf("](", end)) {
      for (var depth = 0, stop = paragraphEnd(text, i), end = i + 1; end < stop; end++) {
        if (text[end] === "(") depth++;
        if (text[end] === ")" && --depth === 0) break;
        if (/["'<\\`]/.test(text[end])) { end = stop; break; }
      }
      for (var k = i + 1; k <= end && k < text.length; k++) dest[k] = true;
    }
    for (var m of shown.matchAll(LINK)) {
      var start = m.index + m[1].length, before = shown[m.index - 1];  // not after \ or ], nor a link after !
      if (open[start] || dest[start] || /[\\\]\x01]/.test(before) || (!m[1] && before === "!")) continue;
      var message = m[1] ? tagMessage("img") : linkMessage(m[2]);
      if (message) marked.push({ at: m.index, message: message });
      if (m[1]) h.blank(m.index, m.index + m[0].length);  // an image's alt text is no markup
    }
    dest.forEach(function (_, k) { h.blank(k, k + 1); });
    open = openBrackets(shown = h.c.join(""));
    // ATX headings (# …), except where a table's | could take the line in, or a \ keep the line from being one.
    if (text.indexOf("|") < 0) {
      for (var hd of shown.matchAll(/(?:^|(?<=\n))(#{1,6})[ \t]+\S/g)) {
        var line = text.slice(hd.index, text.indexOf("\n", hd.index) >>> 0);  // (-1 >>> 0: to the end)
        if (line.indexOf("\\") < 0 && !(body && /^#{2,4}$/.test(hd[1]))) marked.push({ at: hd.index, message: tagMessage("h" + hd[1].length) });
      }
    }
    // HTML tags, read as html.parser reads them in the text as written, and reported where nothing hid them. What
    // may hide the rest from html.parser stops the check: a comment or declaration (<!…, <?…), a tag this check
    // cannot read for sure, and, past a raw HTML block, a <script> or <style> without its end tag (Python-Markdown
    // moves parts of such blocks to later in the page, where it would swallow them).
    var raw = text.search(RAW), cdata = [], halt = text.length, cut = text.search(/<[!?]|$/), tag, auto, last = {};
    function sure(from, to) { return shown.slice(from, to).indexOf(HIDDEN) < 0 && !open[from]; }  // not in code, nor in [ ]
    function closing(name, from) {  // where the first </script> after `from` that is surely not code ends, or -1
      var close = new RegExp("</" + name + ">", "gi"), e;  // ASCII case only: never before html.parser's end
      close.lastIndex = from;
      while ((e = close.exec(text))) if (shown[e.index] === "<") return close.lastIndex;
      return -1;
    }
    for (var o of text.matchAll(/<(script|style)/gi)) last[o[1].toLowerCase()] = o.index;
    if (raw >= 0 && Object.keys(last).some(function (name) { return closing(name, last[name]) < 0; })) cut = Math.min(cut, raw);
    for (var pos = text.indexOf("<"); pos >= 0 && pos < cut; pos = text.indexOf("<", pos + 1)) {
      START_TAG.lastIndex = END_TAG.lastIndex = AUTOLINK.lastIndex = SIMPLE.lastIndex = pos;
      if ((auto = AUTOLINK.exec(text))) {
        if (sure(pos, AUTOLINK.lastIndex) && linkMessage(auto[1])) marked.push({ at: pos, message: linkMessage(auto[1]) });
      } else if ((tag = START_TAG.exec(text))) {
        var name = tag[1].toLowerCase(), attrs = [];
        for (var a of tag[2].matchAll(ATTRIBUTE)) attrs.push([a[1].toLowerCase(), (a[2] || "").replace(/^(["'])(.*)\1$/, "$2")]);
        if (attrs.some(function (x) { return x[0] === "markdown"; })) { halt = pos; break; }  // md_in_html rewrites it
        var surely = sure(pos, START_TAG.lastIndex);
        if (surely) tagProblems(name, attrs, body).forEach(function (message) { found.push({ at: pos, message: message }); });
        if (name === "script" || name === "style") {  // their text is no markup to the end tag: if surely a tag, go there
          cdata.push([pos, closing(name, pos) < 0 ? text.length : closing(name, pos)]);
          if (surely) START_TAG.lastIndex = cdata[cdata.length - 1][1];
        }
        pos = START_TAG.lastIndex - 1;
      } else if (!END_TAG.exec(text) && !SIMPLE.exec(text) && /^<[A-Za-z/]/.test(text.slice(pos, pos + 2))) {
        halt = pos; break;  // html.parser might read more into this than the check can: it stops here
      }
    }
    // Markdown's own markup counts only before any raw HTML block and where the tags were read; nothing counts in
    // what may be a <script>'s or <style>'s text.
    found = found.concat(marked.filter(function (f) { return f.at < Math.min(halt, cut) && (raw < 0 || f.at < raw); }))
      .filter(function (f) { return !within(cdata, f.at); }).sort(function (x, y) { return x.at - y.at; });
    // A one-line comment is reported last, as sanitize.py does, where Markdown leaves it a comment.
    var comment = /^<!--(?:(?!<!--|-->|<[^<>\s!]*[:@])[^|\n\\[\]])*-->/.exec(text.slice(cut));  // Python-Markdown's, no link in it
    if (comment && cut < halt && (raw < 0 || cut < raw) && sure(cut, cut + comment[0].length) && !within(cdata, cut)) found.push({ message: "en HTML-kommentar (<!-- … -->) skjuler tekst på siden. Slet den." });
    return found.map(function (f) { return { message: f.message }; });
  }

  window.MetodebogTjek = {
    personalData: personalData, markup: markup, controlCharacter: controlCharacter,
    all: function (text, allowed, body) { return personalData(text, allowed).concat(markup(text, body)); },
  };
})();
