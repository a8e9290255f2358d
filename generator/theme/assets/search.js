// Minka: browser search with Pagefind — the header box (results as you type) and the
// explore page (query, facets with counts, results, state kept in the URL).
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
      box.getAttribute(key).replace("{count}", there.results.length)));
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
          : box.getAttribute("data-count").replace("{count}", total);
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
  })();

  // ---- The explore page ----------------------------------------------------------------------
  // The build draws the page's first screen (no words, no filter: views/listings.py) in the
  // markup this script draws: Pagefind loads only when the reader asks for something (words,
  // a tick, a facet opened, more results) or the address already does.

  var page = document.querySelector("[data-minka-explore]");
  if (!page) return;
  var config = JSON.parse(page.querySelector(".minka-explore__config").textContent);
  var S = config.strings;
  var queryBox = page.querySelector("#minka-explore-q");
  var status = page.querySelector(".minka-explore__status");
  var facetsPanel = page.querySelector(".minka-explore__facets");
  var resultsPanel = page.querySelector(".minka-explore__results");
  var FIRST = config.first;  // results on the first screen; "Show more" adds MORE at a time
  var MORE = 20;
  var state = readUrl();
  // The facets whose values and counts are shown. Each costs a Pagefind filter chunk of its
  // own (10 to 26 KB at 5,000 records), so only config.open (the country) is open at first;
  // another opens when the reader opens it or when the address already filters on it.
  var opened = {};
  config.open.forEach(function (name) { opened[name] = true; });
  // The search shown, its results listed so far and their list; null while the page shows
  // the first screen the build drew (then `drawn` makes it from Pagefind's answer).
  var current = null;
  var turn = 0;

  function readUrl() {
    var params = new URLSearchParams(location.search);
    var filters = {};
    config.filters.forEach(function (name) {
      var values = params.getAll(name);
      if (values.length) filters[name] = values;
    });
    return { q: params.get("q") || "", filters: filters };
  }

  function openFiltered() {
    Object.keys(state.filters).forEach(function (name) { opened[name] = true; });
  }

  function writeUrl(push) {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    config.filters.forEach(function (name) {
      (state.filters[name] || []).forEach(function (v) { params.append(name, v); });
    });
    var url = location.pathname + (params.toString() ? "?" + params : "");
    history[push ? "pushState" : "replaceState"](null, "", url);
  }

  function pagefindFilters() {
    var out = {};
    config.filters.forEach(function (name) {
      var chosen = state.filters[name] || [];
      // An empty "any" narrows nothing but has Pagefind load and count that facet.
      if (chosen.length || opened[name]) out[name] = { any: chosen };
    });
    return out;
  }

  // Search for the current state; without a query, list every record by title.
  function search() {
    var query = state.q ? essential(state.q) : LISTING;
    return pagefind().then(function (pf) {
      return find(pf, query, { filters: pagefindFilters(), sort: state.q ? undefined : { title: "asc" } })
        .then(function (found) { return truthful(pf, query, found); });
    });
  }

  // Pagefind counts a value among the results; in a facet with ticks that is not what ticking
  // one more gives, since a facet keeps records with any of its ticked values. Search again
  // without that facet's ticks (the index chunks are loaded already) and show, for each unticked
  // value, the results once it is ticked: these plus the records it adds.
  function truthful(pf, query, found) {
    if (found.partial) return found;
    var ticked = config.filters.filter(function (name) { return opened[name] && (state.filters[name] || []).length; });
    return Promise.all(ticked.map(function (name) {
      var filters = pagefindFilters();
      filters[name] = { any: [] };
      return pf.search(query, { filters: filters });
    })).then(function (without) {
      without.forEach(function (search, i) {
        var name = ticked[i];
        var among = found.filters[name] || {};
        var counts = {};
        Object.keys(search.filters[name] || {}).forEach(function (value) {
          var all = search.filters[name][value];
          counts[value] = state.filters[name].indexOf(value) >= 0 ? among[value] || 0
            : all && found.results.length + all - (among[value] || 0);
        });
        found.filters[name] = counts;
      });
      return found;
    });
  }

  function run() {
    var mine = ++turn;
    status.textContent = S.search_loading;
    resultsPanel.setAttribute("aria-busy", "true");
    var done = function () { if (mine === turn) resultsPanel.setAttribute("aria-busy", "false"); };
    var query = state.q ? essential(state.q) : LISTING;
    return search().then(function (found) {
      return mine === turn && genuine(query, found, FIRST);
    }).then(function (first) {
      if (!first || mine !== turn) return;
      var found = first.found;
      current = { search: found, shown: first.data.length, list: el("ol", { "class": "minka-explore__list" }) };
      var n = found.results.length;
      status.textContent = (n === 0 ? S.search_none : n === 1 ? S.search_count_one : S.search_count.replace("{count}", n))
        + (found.partial && n ? " " + S.search_partial : "");
      drawFacets(found.filters);
      resultsPanel.replaceChildren(current.list);
      show(first.data);
      return explain(found, first.data, mine);
    }).catch(function () {
      if (mine === turn) status.textContent = S.search_offline;
    }).then(done);
  }

  // The page as the build drew it, once Pagefind has answered the same search: its results
  // are the ones listed (tests/test_search.py holds the two to each other).
  function drawn(found) {
    var list = resultsPanel.querySelector(".minka-explore__list");
    current = { search: found, shown: list.children.length, list: list };
    return current;
  }

  // Counts for a facet just opened: the same search, results left as they are.
  function recount() {
    var mine = turn;
    search().then(function (found) {
      if (mine !== turn) return;
      if (!current) drawn(found);
      current.search.filters = found.filters;
      drawFacets(found.filters);
    }).catch(function () {
      if (mine === turn) status.textContent = S.search_offline;
    });
  }

  function more(n) {
    var mine = turn;
    resultsPanel.setAttribute("aria-busy", "true");
    var ready = current ? Promise.resolve(current) : search().then(function (found) {
      return mine === turn && (current || drawn(found));
    });
    return ready.then(function (now) {
      if (!now || mine !== turn) return;
      var results = now.search.results.slice(now.shown, now.shown + n);
      now.shown += results.length;
      return load(results).then(function (data) { if (mine === turn) show(data); });
    }).catch(function () {
      if (mine === turn) status.textContent = S.search_offline;
    }).then(function () {
      if (mine === turn) resultsPanel.setAttribute("aria-busy", "false");
    });
  }

  // Add results to the list, and "Show more" below it while some are left.
  function show(found) {
    found.forEach(function (data) { current.list.appendChild(resultItem(data, !!state.q)); });
    var old = resultsPanel.querySelector(".minka-explore__more");
    if (old) old.remove();
    if (current.shown < current.search.results.length) {
      current.list.after(el("button", { type: "button", "class": "md-button minka-explore__more" }, S.search_more));
    }
  }

  // The other language's results under their own heading, when this one finds little. Not
  // with ticked filters: their values are labels in the page's language.
  function explain(found, shown, mine) {
    if (Object.keys(state.filters).some(function (k) { return state.filters[k].length; })) return null;
    var query = essential(state.q);
    return elsewhere(found, state.q && query, shown).then(function (there) {
      return there && mine === turn && genuine(query, there, MORE);
    }).then(function (first) {
      if (!first || !first.data.length || mine !== turn) return;
      var nodes = elsewhereSection("h2", query, found, first.found, first.data);
      var section = el("section", { "class": "minka-explore__other" });
      nodes.nodes.forEach(function (node) { section.appendChild(node); });
      if (!found.results.length) status.textContent = nodes.nodes[0].textContent;
      if (nodes.first) resultsPanel.prepend(section);
      else resultsPanel.appendChild(section);
    });
  }

  // The element of the facets panel that has the focus, as a selector that finds it again
  // once the panel is drawn anew.
  function focused() {
    var node = document.activeElement;
    if (!node || !facetsPanel.contains(node)) return null;
    if (node.matches("input")) {
      return 'input[name="' + CSS.escape(node.name) + '"][value="' + CSS.escape(node.value) + '"]';
    }
    var group = node.closest("[data-facet]");
    if (group) return '[data-facet="' + CSS.escape(group.getAttribute("data-facet")) + '"] > summary';
    return node.matches(".minka-explore__clear") ? ".minka-explore__clear" : null;
  }

  function drawFacets(counts) {
    var again = focused();
    var children = [];
    var any = Object.keys(state.filters).some(function (k) { return state.filters[k].length; });
    if (any) {
      var clear = el("button", { type: "button", "class": "md-button minka-explore__clear" }, S.search_clear);
      clear.addEventListener("click", function () { state.filters = {}; writeUrl(true); run(); });
      children.push(clear);
    }
    config.filters.forEach(function (name) { children.push(facet(name, (counts || {})[name])); });
    facetsPanel.replaceChildren.apply(facetsPanel, children);
    var target = again && facetsPanel.querySelector(again);
    if (target) target.focus();
  }

  // One facet: a group that opens on request, with a tick box and a count for each value.
  // What the reader does with it is heard by the panel (`ticked`, `toggled`), which works
  // the same on the facets the build drew.
  function facet(name, counts) {
    var chosen = state.filters[name] || [];
    var group = el("details", { "class": "minka-facet", "data-facet": name });
    group.open = !!opened[name];
    group.appendChild(el("summary", {}, config.filter_names[name] + (chosen.length ? " (" + chosen.length + ")" : "")));
    if (!group.open || !counts) return group;  // no counts: no page has a value for it
    var set = el("fieldset", {});
    set.appendChild(el("legend", { "class": "minka-sr-only" }, config.filter_names[name]));
    var values = Object.keys(counts);
    chosen.forEach(function (v) { if (values.indexOf(v) < 0) values.push(v); });
    values.sort(function (a, b) { return a.localeCompare(b, document.documentElement.lang, { numeric: true }); });
    values.forEach(function (value) {
      var n = counts[value];
      var checked = chosen.indexOf(value) >= 0;
      if (n === 0 && !checked) return;
      var label = el("label", { "class": "minka-facet__option" });
      var tick = el("input", { type: "checkbox", name: name, value: value });
      tick.checked = checked;
      label.appendChild(tick);
      label.appendChild(el("span", { "class": "minka-facet__value" }, value));
      if (n != null) label.appendChild(el("span", { "class": "minka-facet__count" }, String(n)));
      set.appendChild(label);
    });
    group.appendChild(set);
    return group;
  }

  function ticked(tick) {
    var name = tick.name;
    var list = (state.filters[name] || []).filter(function (v) { return v !== tick.value; });
    if (tick.checked) list.push(tick.value);
    state.filters[name] = list;
    writeUrl(true);
    run();
  }

  // A group opened or closed, by the reader or as drawn (`toggle` fires for both, later).
  function toggled(group) {
    var name = group.getAttribute("data-facet");
    if (group.open === !!opened[name]) return;
    opened[name] = group.open;
    if (!group.open) return;
    if (!group.querySelector("fieldset")) {
      group.appendChild(el("p", { "class": "minka-facet__wait" }, S.search_loading));
    }
    recount();
  }

  facetsPanel.addEventListener("change", function (event) {
    if (event.target.matches("input[type=checkbox]")) ticked(event.target);
  });
  // `toggle` does not bubble: heard on its way down.
  facetsPanel.addEventListener("toggle", function (event) {
    if (event.target.matches("[data-facet]")) toggled(event.target);
  }, true);
  resultsPanel.addEventListener("click", function (event) {
    if (event.target.closest(".minka-explore__more")) more(MORE);
  });

  var typing = null;
  queryBox.value = state.q;
  // The reader is about to search: Pagefind loads while they type.
  queryBox.addEventListener("focus", function () { pagefind().catch(function () {}); });
  queryBox.addEventListener("input", function () {
    clearTimeout(typing);
    typing = setTimeout(function () { state.q = queryBox.value.trim(); writeUrl(false); run(); }, 250);
  });
  page.querySelector("form").addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(typing);
    state.q = queryBox.value.trim();
    writeUrl(true);
    run();
  });
  window.addEventListener("popstate", function () {
    state = readUrl();
    openFiltered();
    queryBox.value = state.q;
    run();
  });
  openFiltered();
  if (state.q || Object.keys(state.filters).length) {
    resultsPanel.replaceChildren();  // the first screen does not answer this address
    run();
  } else {
    // A tick the browser restored on going back belongs to no state: the address has none.
    facetsPanel.querySelectorAll("input:checked").forEach(function (tick) { tick.checked = false; });
  }
})();
