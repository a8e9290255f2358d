// What the site's two forms share (the exchange request, exchange.js; the proposal of a
// practice, page/propose.js): a field's error line, today's date, files the reader saves, and
// YAML written by hand. Both bundles that carry a form load this file first (generator/assets.py).
window.minkaForms = (function () {
  "use strict";

  // Show or clear a field's message, in the line the template gives it (<id>-error).
  function show(field, text) {
    var error = document.getElementById(field.id + "-error");
    if (!error) return;
    error.textContent = text;
    error.hidden = !text;
    if (text) field.setAttribute("aria-invalid", "true");
    else field.removeAttribute("aria-invalid");
  }

  function today() {
    var now = new Date();
    return [now.getFullYear(), now.getMonth() + 1, now.getDate()]
      .map(function (n) { return String(n).padStart(2, "0"); }).join("-");
  }

  // Hand the reader a file made in the page: nothing leaves the browser.
  function save(name, text, type) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type: type + ";charset=utf-8" }));
    link.download = name;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 60000);
  }

  // Strings double-quoted, so every value keeps its type ("2019-05" or "NO" stay strings, a
  // date stays a string as in the JSON); an empty list is written [] (not an empty value).
  function yaml(value, pad) {
    if (Array.isArray(value)) {
      return value.map(function (item) {
        if (item !== null && typeof item === "object") {
          return pad + "- " + yaml(item, pad + "  ").slice(pad.length + 2);
        }
        return pad + "- " + scalar(item) + "\n";
      }).join("");
    }
    return Object.keys(value).map(function (key) {
      var item = value[key];
      if (Array.isArray(item) && !item.length) return pad + key + ": []\n";
      if (item !== null && typeof item === "object") {
        return pad + key + ":\n" + yaml(item, pad + "  ");
      }
      return pad + key + ": " + scalar(item) + "\n";
    }).join("");
  }

  function scalar(value) {
    if (typeof value !== "string") return String(value);
    // JSON's string escapes are YAML's; YAML also refuses raw C1 controls and U+FFFE/FFFF,
    // and reads raw U+2028/2029 as line breaks.
    return JSON.stringify(value).replace(/[\u007f-\u009f\u2028\u2029\ufffe\uffff]/g, function (c) {
      return "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0");
    });
  }

  return { show: show, today: today, save: save, yaml: yaml };
})();
