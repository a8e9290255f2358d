// Minka: browser search with Pagefind — the header box (results as you type) and the
// explore page (query, facets with counts, results, state kept in the URL).
// Pagefind's files live in <language root>/pagefind/ and load only on the first search,
// chunk by chunk; nothing is requested outside the site. A first query has a budget
// (DESIGN.md §9, measured by bench/run.py), so only what is on screen is downloaded:
// the results shown, and the values of the facets the reader opens.
(function () {
  "use strict";

  var box = document.querySelector("[data-minka-search]");
  if (!box) return;
  // The language root, resolved from this page: works on any host and under any sub-path.
  // From document.baseURI, not location: the 404 page, served at any missing address,
  // sets a <base> at its language root (generator/theme/404.html).
  var root = new URL((box.getAttribute("data-base") || ".").replace(/\/*$/, "/"), document.baseURI);
  var loading = null;
  // The word every record page carries in its "listing" meta (generator/facets.py,
  // LISTING_WORD). Searching it lists every record: Pagefind's own search without words
  // downloads every index chunk of the language (8 MB at 5,000 records).
  var LISTING = "zzrecord";
  // Words on nearly every page narrow nothing, and their index chunks are the largest
  // (hundreds of KB for "de" at 5,000 records): they are not sent to Pagefind.
  var COMMON = ({
    en: "a an and are as at by for from in into is of on or the to with",
    es: "a al con de del e el en la las lo los o para por que se su sus u un una y"
  }[document.documentElement.lang] || "").split(" ");

  function pagefind() {
    if (!loading) {
      loading = import(new URL("pagefind/pagefind.js", root).href).then(function (pf) {
        // noWorker: Pagefind's web worker is a second 41 KB script on the first search, and
        // searching this catalog takes milliseconds on the page's own thread.
        return pf.options({ baseUrl: root.pathname, excerptLength: 24, noWorker: true }).then(function () {
          return pf.init();
        }).then(function () { return pf; });
      });
      loading.catch(function () { loading = null; });  // let a later try load it again
    }
    return loading;
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

  // Pagefind excerpts are the page's own text with <mark> around the hits. Parse them in an
  // inert <template> (nothing loads or runs there) and keep only text and the marks.
  function excerpt(html) {
    var t = document.createElement("template");
    t.innerHTML = html;
    var p = el("p", { "class": "minka-result__excerpt" });
    t.content.childNodes.forEach(function (n) {
      p.appendChild(n.nodeName === "MARK" ? el("mark", {}, n.textContent) : document.createTextNode(n.textContent));
    });
    return p;
  }

  function resultItem(data, withExcerpt) {
    var li = el("li", { "class": "minka-result" });
    var a = el("a", { href: data.url, "class": "minka-result__title" }, data.meta.title);
    li.appendChild(a);
    var facts = [data.filters && data.filters.type && data.filters.type[0], data.meta.country]
      .filter(Boolean).join(" · ");
    if (facts) li.appendChild(el("span", { "class": "minka-result__facts" }, facts));
    if (data.meta.summary) li.appendChild(el("p", { "class": "minka-result__summary" }, data.meta.summary));
    if (withExcerpt && data.excerpt) li.appendChild(excerpt(data.excerpt));
    return li;
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
      var total = 0;
      pagefind().then(function (pf) {
        return find(pf, essential(query), {});
      }).then(function (found) {
        if (turn !== shown) return null;  // a newer query took over
        total = found.results.length;
        return Promise.all(found.results.slice(0, SHOWN).map(function (r) { return r.data(); }));
      }).then(function (found) {
        if (found === null || turn !== shown) return;
        var list = el("ol", { "class": "minka-search__list" });
        found.forEach(function (data) { list.appendChild(resultItem(data, true)); });
        var all = el("a", { "class": "minka-search__all", href: form.action + "?q=" + encodeURIComponent(query) },
          box.getAttribute("data-all"));
        var none = box.getAttribute("data-none");
        var count = total === 1 ? box.getAttribute("data-count-one")
          : box.getAttribute("data-count").replace("{count}", total);
        show(found.length ? [list, all] : [el("p", {}, none), all], found.length ? count : none);
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

  var page = document.querySelector("[data-minka-explore]");
  if (!page) return;
  var config = JSON.parse(page.querySelector(".minka-explore__config").textContent);
  var S = config.strings;
  var queryBox = page.querySelector("#minka-explore-q");
  var status = page.querySelector(".minka-explore__status");
  var facetsPanel = page.querySelector(".minka-explore__facets");
  var resultsPanel = page.querySelector(".minka-explore__results");
  var FIRST = 10;  // results on the first screen; "Show more" adds MORE at a time
  var MORE = 20;
  var state = readUrl();
  // The facets whose values and counts are shown. Each costs a Pagefind filter chunk of its
  // own (10 to 26 KB at 5,000 records), so only the country is open at first; another opens
  // when the reader opens it or when the address already filters on it.
  var opened = { country: true };
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
    return pagefind().then(function (pf) {
      return find(pf, state.q ? essential(state.q) : LISTING,
        { filters: pagefindFilters(), sort: state.q ? undefined : { title: "asc" } });
    });
  }

  function run() {
    var mine = ++turn;
    status.textContent = S.search_loading;
    return search().then(function (found) {
      if (mine !== turn) return;
      current = { search: found, shown: 0 };
      var n = found.results.length;
      status.textContent = (n === 0 ? S.search_none : n === 1 ? S.search_count_one : S.search_count.replace("{count}", n))
        + (found.partial && n ? " " + S.search_partial : "");
      drawFacets(found.filters);
      resultsPanel.replaceChildren(el("ol", { "class": "minka-explore__list" }));
      return more(FIRST);
    }).catch(function () {
      if (mine === turn) status.textContent = S.search_offline;
    });
  }

  // Counts for a facet just opened: the same search, results left as they are.
  function recount() {
    var mine = turn;
    search().then(function (found) {
      if (mine !== turn) return;
      current.search.filters = found.filters;
      drawFacets(found.filters);
    }).catch(function () {
      if (mine === turn) status.textContent = S.search_offline;
    });
  }

  function more(n) {
    var results = current.search.results.slice(current.shown, current.shown + n);
    current.shown += results.length;
    return Promise.all(results.map(function (r) { return r.data(); })).then(function (found) {
      var list = resultsPanel.querySelector("ol");
      found.forEach(function (data) { list.appendChild(resultItem(data, !!state.q)); });
      var old = resultsPanel.querySelector(".minka-explore__more");
      if (old) old.remove();
      if (current.shown < current.search.results.length) {
        var button = el("button", { type: "button", "class": "md-button minka-explore__more" }, S.search_more);
        button.addEventListener("click", function () { more(MORE); });
        resultsPanel.appendChild(button);
      }
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
  function facet(name, counts) {
    var chosen = state.filters[name] || [];
    var group = el("details", { "class": "minka-facet", "data-facet": name });
    group.open = !!opened[name];
    group.appendChild(el("summary", {}, config.filter_names[name] + (chosen.length ? " (" + chosen.length + ")" : "")));
    group.addEventListener("toggle", function () {
      if (group.open === !!opened[name]) return;
      opened[name] = group.open;
      if (!group.open) return;
      if (!group.querySelector("fieldset")) {
        group.appendChild(el("p", { "class": "minka-facet__wait" }, S.search_loading));
      }
      recount();
    });
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
      tick.addEventListener("change", function () {
        var list = (state.filters[name] || []).filter(function (v) { return v !== value; });
        if (tick.checked) list.push(value);
        state.filters[name] = list;
        writeUrl(true);
        run();
      });
      label.appendChild(tick);
      label.appendChild(el("span", { "class": "minka-facet__value" }, value));
      if (n != null) label.appendChild(el("span", { "class": "minka-facet__count" }, String(n)));
      set.appendChild(label);
    });
    group.appendChild(set);
    return group;
  }

  var typing = null;
  queryBox.value = state.q;
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
  run();
})();
