// Minka: the language switcher already points at the same page in the other language
// (both languages share URLs). Keep Material's sitemap lookup from sending readers to the
// other language's home instead.
document.addEventListener("click", function (event) {
  if (event.target instanceof Element && event.target.closest("a.md-select__link[hreflang]")) {
    event.stopPropagation();
  }
}, true);
// A factsheet names the record's address; without a configured site_url only the browser
// knows it, so the link shows where it leads once the page is open (printed ones included).
document.querySelectorAll("a[data-minka-address]").forEach(function (a) { a.textContent = a.href; });
