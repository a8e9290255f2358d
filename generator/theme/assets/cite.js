// Minka: "cite this" box. The page's citation comes with templates (data-minka-template)
// in which this script puts the reader's access date, and the page's own address when the
// site was built without one; the texts shown, copied and downloaded are then the same.
// Copy buttons stay hidden where the clipboard cannot be written; the static texts and
// download links work without script.
(function () {
  "use strict";

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  // The tokens of generator/cite.py (TOKENS), filled for today and this page.
  function tokens(box) {
    var today = new Date();
    var y = today.getFullYear(), m = today.getMonth() + 1, d = today.getDate();
    var url = location.href.split(/[?#]/)[0].replace(/index\.html$/, "");
    return {
      url: url,
      date: new Intl.DateTimeFormat(box.getAttribute("data-minka-locale"),
        { year: "numeric", month: "long", day: "numeric" }).format(today),
      iso: y + "-" + pad(m) + "-" + pad(d),
      ris: y + "/" + pad(m) + "/" + pad(d) + "/",
      y: String(y), m: String(m), d: String(d)
    };
  }

  function fill(template, values, escape) {
    return template.replace(/\u27e6(\w+)\u27e7/g, function (token, name) {
      var value = values[name];
      return escape ? value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;") : value;
    });
  }

  function setUp() {
    document.querySelectorAll(".minka-cite").forEach(function (box) {
      var values = tokens(box);
      box.querySelectorAll("[data-minka-template]").forEach(function (el) {
        var template = el.getAttribute("data-minka-template");
        if (el.classList.contains("minka-cite__apa")) {
          el.innerHTML = "<p>" + fill(template, values, true) + "</p>";
          return;
        }
        el.textContent = fill(template, values, false);
        // The download gives the text shown, not the file written when the site was built.
        var link = el.closest(".minka-cite__format").querySelector("a[download]");
        link.href = URL.createObjectURL(new Blob([el.textContent], { type: link.type }));
      });
    });
    if (!(navigator.clipboard && navigator.clipboard.writeText)) return;
    document.querySelectorAll(".minka-cite [data-minka-copy][hidden]").forEach(function (b) {
      b.hidden = false;
    });
  }

  // Plain text for every target; the APA references also as HTML, so a word processor
  // keeps their italics.
  function copy(plain, html) {
    if (html && window.ClipboardItem && navigator.clipboard.write) {
      return navigator.clipboard.write([new ClipboardItem({
        "text/plain": new Blob([plain], { type: "text/plain" }),
        "text/html": new Blob([html], { type: "text/html" })
      })]).catch(function () { return navigator.clipboard.writeText(plain); });
    }
    return navigator.clipboard.writeText(plain);
  }

  document.addEventListener("click", function (event) {
    var button = event.target instanceof Element && event.target.closest(".minka-cite [data-minka-copy]");
    if (!button) return;
    var box = button.closest(".minka-cite"), part = button.closest(".minka-cite__part");
    var key = button.getAttribute("data-minka-copy");
    var plain, html = null;
    if (key === "apa") {
      var apa = part.querySelector(".minka-cite__apa");
      plain = Array.prototype.map.call(apa.querySelectorAll("p"), function (p) {
        return p.textContent.trim();
      }).join("\n");
      html = apa.innerHTML.trim();
    } else {
      plain = part.querySelector('[data-minka-format="' + key + '"]').textContent;
    }
    copy(plain, html).then(function () {
      var status = box.querySelector(".minka-cite__status");
      status.textContent = "";
      status.textContent = box.getAttribute("data-minka-copied");
      button.classList.add("minka-cite__copy--done");
      setTimeout(function () { button.classList.remove("minka-cite__copy--done"); }, 2000);
    });
  });

  // Material may swap pages without a reload (instant navigation): set up each page.
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(setUp);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
