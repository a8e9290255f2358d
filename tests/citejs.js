// Read citation files with citation-js, an independent citation processor (tests/test_cite.py).
// Input on stdin, JSON: {styles: {lang: CSL style XML}, locales: {locale: XML},
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
    // One reference at a time, as a page shows it: a bibliography of the whole file would
    // tell same-author, same-year references apart with "2026a", "2026b".
    for (const item of result.items) {
      result.apa[item.id] = new Cite(item).format("bibliography", {
        format: "text", template: `minka-apa-${file.lang}`, lang: file.locale,
      }).trim();
    }
  } catch (error) {
    result.error = String(error);
  }
  result.warnings = warnings;
  return result;
});
process.stdout.write(JSON.stringify(results));
