#!/usr/bin/env node
// Write method and case files in the web editor's style (docs/admin/yaml-stil.js), so a file saved by
// the editor differs from the one it opened only where the editor changed it.
//   node cms/formater.js FILE…          rewrite the files
//   node cms/formater.js --check FILE…  list the files that are not in the style (exit 1 if any)
"use strict";
const fs = require("fs");
const path = require("path");
const yaml = require("js-yaml");
const style = require("../docs/admin/yaml-stil.js");

const root = path.resolve(__dirname, "..");
const methodShape = JSON.parse(fs.readFileSync(path.join(root, "schema/metode.schema.json"), "utf8"));
const caseShape = JSON.parse(fs.readFileSync(path.join(root, "schema/case.schema.json"), "utf8"));
methodShape.schema_line = "# yaml-language-server: $schema=../schema/metode.schema.json";

function formatted(file, text) {
  if (file.endsWith(".md")) {
    const parts = style.splitCase(text);
    return style.caseFile(yaml.load(parts.front) || {}, parts.body, caseShape);
  }
  return style.methodFile(yaml.load(text) || {}, methodShape);
}

const args = process.argv.slice(2);
const check = args[0] === "--check";
const files = check ? args.slice(1) : args;
const off = [];
for (const file of files) {
  if (file.endsWith(".en.yaml")) continue; // translations are written by hand
  const text = fs.readFileSync(file, "utf8");
  const out = formatted(file, text);
  if (out === text) continue;
  off.push(file);
  if (!check) fs.writeFileSync(file, out);
}
if (check && off.length) {
  console.log(off.join("\n"));
  process.exit(1);
}
