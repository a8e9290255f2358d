// Minka: the language switcher already points at the same page in the other language
// (both languages share URLs). Keep Material's sitemap lookup from sending readers to the
// other language's home instead.
// The link takes along what does not depend on the language: the records a comparison
// shows (?ids=) and the words of a search (?q=). Facet values are names in the page's
// language ("Perú"), so they stay behind.
document.addEventListener("click", function (event) {
  var link = event.target instanceof Element && event.target.closest("a.md-select__link[hreflang]");
  if (!link) return;
  event.stopPropagation();
  var here = new URLSearchParams(location.search);
  var there = new URL(link.href);
  ["ids", "q"].forEach(function (name) { if (here.get(name)) there.searchParams.set(name, here.get(name)); });
  link.href = there.href;
}, true);

// Material also fetches sitemap.xml beside every link[rel=alternate] when a page loads, to
// find the same page in another language; the hreflang links in the head (theme/main.html)
// already name the same page, and there is no sitemap beside a page, so that would request
// a missing file per link (or another host's, when the site's address is elsewhere). Keep
// them out of that lookup, which runs on DOMContentLoaded before this script's listener,
// and put them back right after, for anything that reads the page later.
(function () {
  var links = document.querySelectorAll('link[rel="alternate"][hreflang]');
  links.forEach(function (link) { link.setAttribute("rel", "minka-alternate"); });
  document.addEventListener("DOMContentLoaded", function () {
    links.forEach(function (link) { link.setAttribute("rel", "alternate"); });
  }, { once: true });
})();

// A factsheet names the record's address; without a configured site_url only the browser
// knows it, so the link shows where it leads once the page is open (printed ones included).
document.querySelectorAll("a[data-minka-address]").forEach(function (a) { a.textContent = a.href; });

// The menu button of narrow screens (Material's label for its drawer toggle) opens the menu
// from the keyboard too (Material clicks a focused label on Enter; Space is added here), puts
// the focus in it, and Escape closes it again.
(function () {
  var button = document.querySelector("[data-minka-menu]");
  var toggle = document.getElementById("__drawer");
  if (!button || !toggle) return;
  toggle.addEventListener("change", function () {
    if (!toggle.checked || document.activeElement !== button) return;
    var first = document.querySelector(".md-sidebar--primary a[href]");
    if (first) setTimeout(function () { first.focus(); }, 250);  // once it has slid in
  });
  button.addEventListener("keydown", function (event) {
    if (event.key !== " ") return;
    event.preventDefault();
    toggle.click();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle.checked) { toggle.click(); button.focus(); }
  });
})();
