// Minka: the explore page (query, facets with counts, results, state kept in the URL), over
// the search of search.js, which comes before it in this page's bundle (generator/assets.py).
(function () {
  "use strict";

  var M = window.minkaSearch;
  // The build draws the page's first screen (no words, no filter: views/listings.py) in the
  // markup this script draws: Pagefind loads only when the reader asks for something (words,
  // a tick, a facet opened, more results) or the address already does.

  var page = document.querySelector("[data-minka-explore]");
  if (!page || !M) return;
  var LISTING = M.LISTING, pagefind = M.pagefind, essential = M.essential, el = M.el;
  var find = M.find, genuine = M.genuine, load = M.load, resultItem = M.resultItem;
  var elsewhere = M.elsewhere, elsewhereSection = M.elsewhereSection;
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
      status.textContent = (n === 0 ? S.search_none : n === 1 ? S.search_count_one : S.search_count.replace("{count}", M.number(n)))
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
    var old = resultsPanel.querySelector(".minka-explore__more");
    // "Show more" pressed from the keyboard goes away: the focus goes to the first new result.
    var focused = old && old === document.activeElement;
    var items = found.map(function (data) { return current.list.appendChild(resultItem(data, !!state.q)); });
    if (old) old.remove();
    var link = focused && items.length && items[0].querySelector("a");
    if (link) link.focus();
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
      if (n != null) label.appendChild(el("span", { "class": "minka-facet__count" }, M.number(n)));
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
