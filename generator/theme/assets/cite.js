// Minka: "cite this" box. Copy buttons stay hidden where the clipboard cannot be written;
// the download links and the format texts work without script.
(function () {
  "use strict";

  function show() {
    if (!(navigator.clipboard && navigator.clipboard.writeText)) return;
    document.querySelectorAll(".minka-cite [data-minka-copy][hidden]").forEach(function (b) {
      b.hidden = false;
    });
  }

  // Plain text for every target; the APA reference also as HTML, so a word processor keeps
  // its italics.
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
    var box = button.closest(".minka-cite");
    var key = button.getAttribute("data-minka-copy");
    var plain, html = null;
    if (key === "apa") {
      var apa = box.querySelector(".minka-cite__apa");
      plain = apa.textContent.trim();
      html = apa.innerHTML;
    } else {
      plain = box.querySelector('[data-minka-format="' + key + '"]').textContent;
    }
    copy(plain, html).then(function () {
      var status = box.querySelector(".minka-cite__status");
      status.textContent = "";
      status.textContent = box.getAttribute("data-minka-copied");
      button.classList.add("minka-cite__copy--done");
      setTimeout(function () { button.classList.remove("minka-cite__copy--done"); }, 2000);
    });
  });

  // Material may swap pages without a reload (instant navigation): show buttons on each page.
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(show);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", show);
  else show();
})();
