// Minka: browser search with Pagefind — the header box (results as you type), and what the
// explore page's script (explore.js: query, facets with counts, results, state kept in the
// URL) shares of it.
// Pagefind's files live in <language root>/pagefind/ and load only on the first search,
// chunk by chunk; nothing is requested outside the site. A first query has a budget
// (DESIGN.md §9, measured by bench/run.py), so only what is on screen is downloaded:
// the results shown, and the values of the facets the reader opens. The other language's
// index loads only when the page's language finds little.
(function () {
  "use strict";

  var box = document.querySelector("[data-minka-search]");
  if (!box) return;
  // The language root, resolved from this page: works on any host and under any sub-path.
  // From document.baseURI, not location: the 404 page, served at any missing address,
  // sets a <base> at its language root (generator/theme/404.html).
  var root = new URL((box.getAttribute("data-base") || ".").replace(/\/*$/, "/"), document.baseURI);
  var lang = document.documentElement.lang;
  // The other language, from the <link rel="alternate" hreflang> of the page's head (minka.js
  // renames their rel until the page has loaded, out of Material's sitemap lookup). They name
  // the same page in that language; its root is the sibling of this one (site/<lang>/). With
  // more than two, the first in the site's order (the one the plugin's "there" label names).
  var other = null;
  document.querySelectorAll('link[rel="alternate"][hreflang], link[rel="minka-alternate"][hreflang]').forEach(function (link) {
    if (!other && link.hreflang !== lang) other = { lang: link.hreflang, root: new URL("../" + link.hreflang + "/", root) };
  });
  var loading = {};
  // The word every record page carries in its "listing" meta (generator/facets.py,
  // LISTING_WORD). Searching it lists every record: Pagefind's own search without words
  // downloads every index chunk of the language (8 MB at 5,000 records).
  var LISTING = "zzrecord";
  // Words on nearly every page narrow nothing, and their index chunks are the largest
  // (hundreds of KB for "de" at 5,000 records): they are not sent to Pagefind. Every
  // language's words (generator/data/languages.yaml, browser_stop_words), since readers type
  // Spanish on the English site and the other way round (on /en/, "escuelas de campo"
  // matched every page with a Spanish name in it through "de").
  var COMMON = (box.getAttribute("data-common") || "").split(" ");
  // Pagefind's ranking (BM25): termSimilarity makes a match through a longer word that only
  // starts like the query's stem ("ser" in "services") count far less than the word itself;
  // metaWeights: a match in the record's own names (acronym, places, products, populations,
  // organizations: its "keywords" meta, generator/facets.py) or its title outranks one in
  // passing in the text, so "cuy" finds the guinea-pig networks before every "cuyo".
  var RANKING = { termSimilarity: 4, metaWeights: { title: 5, keywords: 5 } };
  // A page-language search "finds little" below this many results with every word.
  var FEW = 3;

  // The Pagefind of a language root (this page's by default): its own module, index and state.
  function pagefind(at) {
    at = at || root;
    if (!loading[at.href]) {
      loading[at.href] = import(new URL("pagefind/pagefind.js", at).href).then(function (pf) {
        // noWorker: Pagefind's web worker is a second 41 KB script on the first search, and
        // searching this catalog takes milliseconds on the page's own thread.
        return pf.options({ baseUrl: at.pathname, excerptLength: 24, noWorker: true, ranking: RANKING }).then(function () {
          return pf.init();
        }).then(function () { return pf; });
      });
      loading[at.href].catch(function () { delete loading[at.href]; });  // a later try loads it again
    }
    return loading[at.href];
  }

  // What is sent to Pagefind for what the reader typed: without the common words, unless
  // nothing else is left or the reader asked for an exact "phrase".
  function essential(query) {
    if (query.indexOf('"') >= 0) return query;
    var words = query.split(/\s+/).filter(Boolean);
    var kept = words.filter(function (w) { return COMMON.indexOf(w.toLowerCase()) < 0; });
    return (kept.length ? kept : words).join(" ");
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text != null) node.textContent = text;
    return node;
  }

  // The sentence of the record's text where the words matched best, matches marked: Pagefind's
  // own excerpt is a window of words cut mid-sentence. Pagefind ends each block of the page
  // (heading, paragraph, list item) with a full stop, and counts the words of its text as
  // split here. Null when only the title (the text's first words) or the meta matched.
  function sentence(data) {
    var words = data.content.split(/[\r\n\s]+/g);
    var title = data.meta.title.split(/\s+/).length;
    var ends = function (i) { return i < title || /[.!?]$/.test(words[i]); };
    var scores = {};
    var marked = {};
    (data.weighted_locations || []).forEach(function (l) {
      if (l.location < title) return;
      marked[l.location] = true;
      var start = l.location;
      while (!ends(start - 1)) start--;
      scores[start] = (scores[start] || 0) + l.balanced_score;
    });
    var best = Object.keys(scores).sort(function (a, b) { return scores[b] - scores[a] || a - b; })[0];
    if (best == null) return null;
    var start = +best;
    var end = start;
    while (end < words.length - 1 && !ends(end)) end++;
    // A very long sentence is cut to the LONGEST words around its first match.
    var LONGEST = 40;
    var from = start;
    var to = end;
    if (to - from >= LONGEST) {
      var first = start;
      while (!marked[first]) first++;
      from = Math.max(start, first - LONGEST / 4);
      to = Math.min(end, from + LONGEST - 1);
    }
    var p = el("p", { "class": "minka-result__excerpt" });
    if (from > start) p.appendChild(document.createTextNode("… "));
    for (var i = from; i <= to; i++) {
      p.appendChild(marked[i] ? el("mark", {}, words[i]) : document.createTextNode(words[i]));
      if (i < to) p.appendChild(document.createTextNode(" "));
    }
    if (to < end) p.appendChild(document.createTextNode(" …"));
    return p;
  }

  // One result: the title, its type and countries, then the sentence that matched (or, in a
  // listing or when the title matched, the record's first sentence).
  function resultItem(data, withExcerpt, inLang) {
    var li = el("li", { "class": "minka-result" });
    var a = el("a", { href: data.url, "class": "minka-result__title" }, data.meta.title);
    if (inLang) a.setAttribute("hreflang", inLang);
    li.appendChild(a);
    var facts = [data.filters && data.filters.type && data.filters.type[0], data.meta.country]
      .filter(Boolean).join(" · ");
    if (facts) li.appendChild(el("span", { "class": "minka-result__facts" }, facts));
    var matched = withExcerpt && sentence(data);
    if (matched) li.appendChild(matched);
    else if (data.meta.summary) li.appendChild(el("p", { "class": "minka-result__summary" }, data.meta.summary));
    return li;
  }

  // When the page's language finds little (fewer than FEW pages with every word), the other
  // language's results, the records already shown left out (the "record" filter of
  // generator/facets.py). Loads the other index: only then, so a first search downloads one.
  function elsewhere(found, query, shown) {
    if (!other || !query || (found.results.length >= FEW && !found.partial)) return Promise.resolve(null);
    return pagefind(other.root).then(function (pf) {
      return find(pf, query, { filters: { record: { none: shown.map(function (d) { return d.filters.record[0]; }) } } });
    });
  }

  // The other language's results under their own heading ("No results in English; 3 in
  // Spanish"), which links to them all on that language's explore page. Returns [heading,
  // list] and whether they go first: above the page's results when those have only some of
  // the words and these have them all (on /en/, "ahorro programado" matched "program").
  function elsewhereSection(tag, query, here, there, data) {
    var first = here.partial && !there.partial;
    var key = !here.results.length ? "data-other-none" : first ? "data-other-partial" : "data-other-more";
    var heading = el(tag, { "class": "minka-search__other" });
    heading.appendChild(el("a", { href: new URL("explore/?q=" + encodeURIComponent(query), other.root).href },
      box.getAttribute(key).replace("{count}", number(there.results.length))));
    return { nodes: [heading, resultList(tag === "h2" ? "minka-explore__list" : "minka-search__list", data, other.lang)],
      first: first };
  }

  function load(results) {
    return Promise.all(results.map(function (r) { return r.data(); }));
  }

  // The first `n` results, loaded. Pagefind answers a word it has not indexed with the longest
  // indexed word it starts with: "a" for "ahorro", "le" for "learning" on the Spanish site. A
  // page is found when each word (some word, for a partial search) is one of the page's
  // matched words or names sharing its first four letters (or all of a shorter word, or
  // three letters of a word it starts with: "pig" for "pigs"). When none of the first pages
  // is found, the search found nothing: so the other language is searched.
  function genuine(query, found, n) {
    var words = fold(query).split(/\s+/).filter(Boolean);
    var results = found.results.slice(0, n);
    return load(results).then(function (data) {
      var kept = query === LISTING || data.some(function (d, i) {
        var content = d.content.split(/[\r\n\s]+/g);
        var seen = (d.weighted_locations || []).map(function (l) { return content[l.location]; });
        (results[i].matchedMetaFields || []).forEach(function (name) { seen.push(d.meta[name] || ""); });
        seen = fold(seen.join(" ")).split(/\s+/);
        var hits = words.filter(function (w) {
          return seen.some(function (s) {
            var common = 0;
            while (common < w.length && w[common] === s[common]) common++;
            return common >= Math.min(4, w.length) || (common === s.length && common >= 3);
          });
        });
        return found.partial ? hits.length > 0 : hits.length === words.length;
      });
      return kept ? { found: found, data: data } : { found: { results: [], filters: {}, partial: false }, data: [] };
    });
  }

  // Lower case, accents off, only letters, digits and spaces: as Pagefind compares words.
  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[^\p{L}\p{N}\s]/gu, "");
  }

  function resultList(className, found, inLang) {
    var list = el("ol", inLang ? { "class": className, lang: inLang } : { "class": className });
    found.forEach(function (data) { list.appendChild(resultItem(data, true, inLang)); });
    return list;
  }

  // Pagefind returns the pages with every word. When none has them all, rank the pages with
  // some of them, most words first, as an officer typing "cooperativas cafe Narino" expects.
  // Facet values are then listed without counts: Pagefind counts per query and a union has
  // no exact count.
  function find(pf, query, options) {
    return pf.search(query, options).then(function (search) {
      var words = query.split(/\s+/).filter(Boolean);
      if (search.results.length || words.length < 2) return { results: search.results, filters: search.filters, partial: false };
      return Promise.all(words.map(function (w) { return pf.search(w, options); })).then(function (each) {
        var merged = {};
        var values = {};
        each.forEach(function (one) {
          one.results.forEach(function (r) {
            var m = merged[r.id] || (merged[r.id] = { result: r, words: 0, score: 0 });
            m.words += 1;
            m.score += r.score;
          });
          Object.keys(one.filters || {}).forEach(function (name) {
            values[name] = values[name] || {};
            Object.keys(one.filters[name]).forEach(function (v) { values[name][v] = null; });
          });
        });
        var ranked = Object.keys(merged).map(function (k) { return merged[k]; }).sort(function (a, b) {
          return b.words - a.words || b.score - a.score;
        });
        return { results: ranked.map(function (m) { return m.result; }), filters: values, partial: true };
      });
    });
  }

  // What theme/assets/explore.js, the explore page's script, shares of this one. It comes
  // after this file in the explore page's bundle (generator/assets.py).
  // Counts as the pages write them (present.format_number: 1,206 / 1.206; Intl alone would
  // leave Spanish four-digit numbers ungrouped).
  var numbers = new Intl.NumberFormat(document.documentElement.lang, { useGrouping: "always" });
  function number(n) { return numbers.format(n); }

  window.minkaSearch = {
    LISTING: LISTING, pagefind: pagefind, essential: essential, el: el, find: find, number: number,
    genuine: genuine, load: load, resultItem: resultItem, elsewhere: elsewhere,
    elsewhereSection: elsewhereSection
  };

  // ---- The header box ----------------------------------------------------------------------

  (function header() {
    var SHOWN = 6;
    var input = box.querySelector("input");
    var panel = box.querySelector(".minka-search__results");
    var form = box.querySelector("form");
    var status = box.querySelector("[role=status]");
    var shown = 0;
    var typing = null;

    function close() { panel.hidden = true; status.textContent = ""; }

    // `said` goes to the status line, read out by screen readers as the panel opens.
    function show(children, said) {
      panel.replaceChildren.apply(panel, children);
      panel.hidden = false;
      status.textContent = said;
    }

    function lookUp(query, turn) {
      var words = essential(query);
      var stale = function () { return turn !== shown; };  // a newer query took over
      var here = [];
      pagefind().then(function (pf) {
        return find(pf, words, {});
      }).then(function (found) {
        return stale() ? null : genuine(words, found, SHOWN).then(function (first) {
          here = first;
          return stale() ? null : elsewhere(first.found, words, first.data);
        });
      }).then(function (there) {
        return there && genuine(words, there, SHOWN).then(function (first) {
          return first.data.length && elsewhereSection("p", words, here.found, first.found, first.data);
        });
      }).then(function (section) {
        if (stale()) return;
        var children = here.data.length ? [resultList("minka-search__list", here.data)] : [];
        if (section) children = section.first ? section.nodes.concat(children) : children.concat(section.nodes);
        // What a screen reader hears (the status line): how many the page's language found.
        var total = here.found.results.length;
        var none = box.getAttribute("data-none");
        var said = total === 0 ? none : total === 1 ? box.getAttribute("data-count-one")
          : box.getAttribute("data-count").replace("{count}", number(total));
        if (!children.length) children.push(el("p", {}, none));
        children.push(el("a", { "class": "minka-search__all", href: form.action + "?q=" + encodeURIComponent(query) },
          box.getAttribute("data-all")));
        show(children, said);
      }).catch(function () {
        var offline = box.getAttribute("data-offline");
        if (turn === shown) show([el("p", {}, offline)], offline);
      });
    }

    input.addEventListener("focus", function () { pagefind().catch(function () {}); });
    // Search when typing pauses. Not Pagefind's debouncedSearch: it downloads the index
    // chunks of each partial word on the way ("c", "co", "coo"…), most of them for nothing.
    input.addEventListener("input", function () {
      var query = input.value.trim();
      var turn = ++shown;
      clearTimeout(typing);
      if (!query) { close(); return; }
      typing = setTimeout(function () { lookUp(query, turn); }, 250);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { close(); input.blur(); }
      if (event.key === "ArrowDown" && !panel.hidden) {
        var first = panel.querySelector("a");
        if (first) { event.preventDefault(); first.focus(); }
      }
    });
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { close(); input.focus(); }
    });
    document.addEventListener("click", function (event) {
      if (!box.contains(event.target)) close();
    });
    // Tab out of the box closes the results, which would cover where the focus goes next.
    box.addEventListener("focusout", function (event) {
      if (!box.contains(event.relatedTarget)) close();
    });
  })();
})();
