// Minka: browser search with Pagefind — the header box (results as you type) and the
// explore page (query, facets with counts, results, state kept in the URL).
// Pagefind's files live in <language root>/pagefind/ and load only on the first search,
// chunk by chunk; nothing is requested outside the site.
(function () {
  "use strict";

  var box = document.querySelector("[data-minka-search]");
  if (!box) return;
  // The language root, resolved from this page: works on any host and under any sub-path.
  var root = new URL((box.getAttribute("data-base") || ".") + "/", location.href);
  var loading = null;

  function pagefind() {
    if (!loading) {
      loading = import(new URL("pagefind/pagefind.js", root).href).then(function (pf) {
        return pf.options({ baseUrl: root.pathname, excerptLength: 24 }).then(function () {
          return pf.init();
        }).then(function () { return pf; });
      });
      loading.catch(function () { loading = null; });  // let a later try load it again
    }
    return loading;
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
  // Facet counts are then left out: Pagefind counts per query and a union has no exact count.
  function find(pf, query, options) {
    return pf.search(query, options).then(function (search) {
      var words = (query || "").split(/\s+/).filter(Boolean);
      if (search.results.length || words.length < 2) return { results: search.results, filters: search.filters, partial: false };
      return Promise.all(words.map(function (w) { return pf.search(w, options); })).then(function (each) {
        var merged = {};
        each.forEach(function (one) {
          one.results.forEach(function (r) {
            var m = merged[r.id] || (merged[r.id] = { result: r, words: 0, score: 0 });
            m.words += 1;
            m.score += r.score;
          });
        });
        var ranked = Object.keys(merged).map(function (k) { return merged[k]; }).sort(function (a, b) {
          return b.words - a.words || b.score - a.score;
        });
        return { results: ranked.map(function (m) { return m.result; }), filters: null, partial: true };
      });
    });
  }

  // ---- The header box ----------------------------------------------------------------------

  (function header() {
    var input = box.querySelector("input");
    var panel = box.querySelector(".minka-search__results");
    var form = box.querySelector("form");
    var shown = 0;

    function close() { panel.hidden = true; input.setAttribute("aria-expanded", "false"); }

    function show(children) {
      panel.replaceChildren.apply(panel, children);
      panel.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    input.addEventListener("focus", function () { pagefind().catch(function () {}); });
    input.addEventListener("input", function () {
      var query = input.value.trim();
      var turn = ++shown;
      if (!query) { close(); return; }
      pagefind().then(function (pf) {
        return pf.debouncedSearch(query, {}, 250).then(function (search) {
          return search === null ? null : find(pf, query, {});
        });
      }).then(function (search) {
        if (search === null || turn !== shown) return null;  // a newer query took over
        return Promise.all(search.results.slice(0, 6).map(function (r) { return r.data(); }));
      }).then(function (found) {
        if (found === null || turn !== shown) return;
        var list = el("ol", { "class": "minka-search__list" });
        found.forEach(function (data) { list.appendChild(resultItem(data, true)); });
        var all = el("a", { "class": "minka-search__all", href: form.action + "?q=" + encodeURIComponent(query) },
          box.getAttribute("data-all"));
        show(found.length ? [list, all] : [el("p", {}, box.getAttribute("data-none")), all]);
      }).catch(function () {
        if (turn === shown) show([el("p", {}, box.getAttribute("data-offline"))]);
      });
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
  var PAGE = 20;
  var state = readUrl();
  var allFilters = null;
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
    Object.keys(state.filters).forEach(function (name) {
      if (state.filters[name].length) out[name] = { any: state.filters[name] };
    });
    // With no query and no filter, ask for every type: Pagefind then lists every page.
    if (!state.q && !Object.keys(out).length) out.type = { any: Object.keys(allFilters.type || {}) };
    return out;
  }

  function run() {
    var mine = ++turn;
    status.textContent = S.search_loading;
    return pagefind().then(function (pf) {
      return (allFilters ? Promise.resolve(allFilters) : pf.filters()).then(function (all) {
        allFilters = all;
        return find(pf, state.q || null, { filters: pagefindFilters(), sort: state.q ? undefined : { title: "asc" } });
      });
    }).then(function (search) {
      if (mine !== turn) return;
      current = { search: search, shown: 0 };
      var n = search.results.length;
      status.textContent = (n === 0 ? S.search_none : n === 1 ? S.search_count_one : S.search_count.replace("{count}", n))
        + (search.partial && n ? " " + S.search_partial : "");
      drawFacets(search.filters);
      resultsPanel.replaceChildren(el("ol", { "class": "minka-explore__list" }));
      return more();
    }).catch(function () {
      if (mine === turn) status.textContent = S.search_offline;
    });
  }

  function more() {
    var results = current.search.results.slice(current.shown, current.shown + PAGE);
    current.shown += results.length;
    return Promise.all(results.map(function (r) { return r.data(); })).then(function (found) {
      var list = resultsPanel.querySelector("ol");
      found.forEach(function (data) { list.appendChild(resultItem(data, !!state.q)); });
      var old = resultsPanel.querySelector(".minka-explore__more");
      if (old) old.remove();
      if (current.shown < current.search.results.length) {
        var button = el("button", { type: "button", "class": "md-button minka-explore__more" }, S.search_more);
        button.addEventListener("click", function () { more(); });
        resultsPanel.appendChild(button);
      }
    });
  }

  function drawFacets(counts) {
    var children = [];
    var any = Object.keys(state.filters).some(function (k) { return state.filters[k].length; });
    if (any) {
      var clear = el("button", { type: "button", "class": "md-button minka-explore__clear" }, S.search_clear);
      clear.addEventListener("click", function () { state.filters = {}; writeUrl(true); run(); });
      children.push(clear);
    }
    config.filters.forEach(function (name) {
      var values = Object.keys(allFilters[name] || {});
      if (!values.length) return;
      values.sort(function (a, b) { return a.localeCompare(b, document.documentElement.lang, { numeric: true }); });
      var chosen = state.filters[name] || [];
      var set = el("fieldset", { "class": "minka-facet", "data-facet": name });
      set.appendChild(el("legend", {}, config.filter_names[name]));
      values.forEach(function (value) {
        var count = counts ? (counts[name] || {})[value] || 0 : null;
        var checked = chosen.indexOf(value) >= 0;
        if (count === 0 && !checked) return;
        var label = el("label", { "class": "minka-facet__option" });
        var tick = el("input", { type: "checkbox", name: name, value: value });
        tick.checked = checked;
        tick.addEventListener("change", function () {
          var list = (state.filters[name] || []).filter(function (v) { return v !== value; });
          if (tick.checked) list.push(value);
          state.filters[name] = list;
          writeUrl(true);
          run().then(function () {
            var again = facetsPanel.querySelector('input[name="' + name + '"][value="' + CSS.escape(value) + '"]');
            if (again) again.focus();
          });
        });
        label.appendChild(tick);
        label.appendChild(el("span", { "class": "minka-facet__value" }, value));
        if (count !== null) label.appendChild(el("span", { "class": "minka-facet__count" }, String(count)));
        set.appendChild(label);
      });
      if (set.querySelector("input")) children.push(set);
    });
    facetsPanel.replaceChildren.apply(facetsPanel, children);
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
    queryBox.value = state.q;
    run();
  });
  run();
})();
