// Read citation files with citation-js, an independent citation processor (tests/test_cite.py).
// Input on stdin, JSON: {strict, styles: {lang: CSL style XML}, locales: {locale: XML},
// files: [{name, format: bibtex|ris|csl, lang, locale, text}]}. Output on stdout, JSON:
// [{name, error, warnings, items: [CSL-JSON], apa: {id: text}}], one per file.
"use strict";

const { Cite, logger, plugins } = require("@citation-js/core");
require("@citation-js/plugin-bibtex");
require("@citation-js/plugin-ris");
require("@citation-js/plugin-csl");

const TYPES = { bibtex: "@biblatex/text", ris: "@ris/file", csl: "@csl/list+object" };

let warnings = [];
logger._output = (level, scope, message) => {
  if (level === "warn" || level === "error") warnings.push(`${level} ${scope} ${message.join(" ")}`);
};

const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
plugins.config.get("@bibtex").parse.strict = Boolean(input.strict);
const csl = plugins.config.get("@csl");
for (const [lang, xml] of Object.entries(input.styles)) csl.styles.add(`minka-apa-${lang}`, xml);
for (const [locale, xml] of Object.entries(input.locales)) csl.locales.add(locale, xml);

const results = input.files.map(file => {
  warnings = [];
  const result = { name: file.name, error: null, items: [], apa: {} };
  try {
    const data = file.format === "csl" ? JSON.parse(file.text) : file.text;
    const cite = new Cite(data, { forceType: TYPES[file.format] });
    result.items = cite.data.map(({ _graph, ...item }) => item);
    const entries = cite.format("bibliography", {
      format: "text", template: `minka-apa-${file.lang}`, lang: file.locale, asEntryArray: true,
    });
    for (const [id, text] of entries) result.apa[id] = text.trim();
  } catch (error) {
    result.error = String(error);
  }
  result.warnings = warnings;
  return result;
});
process.stdout.write(JSON.stringify(results));
