// Minka: "Suggest a correction" on a record page. The message names the section the reader
// was looking at: the last heading that scrolled past the top third of the window before the
// correction box came into view (reaching the box to click it must not change the answer).
(function () {
  "use strict";

  function setUp(link) {
    var box = link.closest(".minka-correction");
    var headings = document.querySelectorAll("article h2[id], article h3[id]");
    var section = "";
    // "Success factors › Textile network": the section, and its part when there is one.
    function current() {
      var found = [];
      for (var i = 0; i < headings.length; i++) {
        if (box.contains(headings[i])) continue;
        if (headings[i].getBoundingClientRect().top > window.innerHeight / 3) break;
        var text = headings[i].textContent.replace(/\s*¶\s*$/, "").trim();
        found = headings[i].tagName === "H2" ? [text] : found.slice(0, 1).concat(text);
      }
      return found.join(" › ");
    }
    function track() {
      if (box.getBoundingClientRect().top > window.innerHeight) section = current();
    }
    window.addEventListener("scroll", track, { passive: true });
    track();
    link.addEventListener("click", function () {
      var d = link.dataset;
      var body = [d.record, d.file, d.section + ": " + section,
                  location.href.split("#")[0], "", d.what, ""].join("\r\n");
      link.href = "mailto:" + d.to + "?subject=" + encodeURIComponent(d.subject) +
        "&body=" + encodeURIComponent(body);
    });
  }

  function init() {
    var links = document.querySelectorAll("a[data-minka-correction]");
    for (var i = 0; i < links.length; i++) setUp(links[i]);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
