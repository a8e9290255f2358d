// Minka: the compare page. Ticked practices and methodologies (up to four) are fetched from
// compare/<id>.json and shown side by side; the choice lives in the URL (?ids=a,b) so it can
// be shared. One record alone is shown too: a record page's Compare link opens with it chosen.
// The rows, in order, and the kinds of record that have each come from the page (compare.py):
// with both kinds chosen, the rows they share come first, then each kind's own rows under a
// heading, and a cell of a row its record's kind lacks says "does not apply", not "—".
(function () {
  "use strict";
  var page = document.querySelector("[data-minka-compare]");
  if (!page) return;
  var config = JSON.parse(page.querySelector(".minka-compare__config").textContent);
  var S = config.strings;
  var boxes = Array.prototype.slice.call(page.querySelectorAll('input[name="ids"]'));
  var status = page.querySelector(".minka-compare__status");
  var holder = page.querySelector(".minka-compare__table");
  var cache = {};
  var turn = 0;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text != null) node.textContent = text;
    return node;
  }

  function chosen() {
    return boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
  }

  function fromUrl() {
    var ids = (new URLSearchParams(location.search).get("ids") || "").split(",").filter(Boolean);
    boxes.forEach(function (b) { b.checked = ids.indexOf(b.value) >= 0; });
  }

  function toUrl() {
    var ids = chosen();
    history.pushState(null, "", location.pathname + (ids.length ? "?ids=" + ids.join(",") : "") + location.hash);
  }

  function load(id) {
    if (!cache[id]) {
      cache[id] = fetch(id + ".json").then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      });
      cache[id].catch(function () { delete cache[id]; });
    }
    return cache[id];
  }

  function draw(records) {
    var names = {};
    var kinds = config.kinds.map(function (k) { names[k[0]] = k[1]; return k[0]; }).filter(function (k) {
      return records.some(function (r) { return r.kind === k; });
    });
    var mixed = kinds.length > 1;
    var table = el("table");  // unclassed, so Material styles it like every other table
    table.appendChild(el("caption", { "class": "minka-sr-only" }, page.getAttribute("data-caption") || ""));
    var head = el("tr");
    head.appendChild(el("td"));
    records.forEach(function (r) {
      var th = el("th", { scope: "col" });
      th.appendChild(el("a", { href: r.url }, r.title));
      var remove = el("button", { type: "button", "class": "minka-compare__remove minka-noprint", "aria-label": S.compare_remove + ": " + r.title }, "×");
      remove.addEventListener("click", function () {
        boxes.forEach(function (b) { if (b.value === r.id) b.checked = false; });
        toUrl();
        update();
      });
      th.appendChild(remove);
      if (mixed) th.appendChild(el("span", { "class": "minka-compare__kind" }, names[r.kind]));
      head.appendChild(th);
    });
    var thead = el("thead");
    thead.appendChild(head);
    table.appendChild(thead);
    groups(kinds).forEach(function (group) {
      var rows = group.rows.filter(function (row) {  // a row nobody chosen fills is left out
        return records.some(function (r) { return values(r, row.row).length; });
      });
      if (!rows.length) return;
      var body = el("tbody");
      if (group.label) {
        var tr = el("tr", { "class": "minka-compare__group-row" });
        tr.appendChild(el("th", { scope: "rowgroup", colspan: String(records.length + 1) }, group.label));
        body.appendChild(tr);
      }
      rows.forEach(function (row) {
        var tr = el("tr");
        tr.appendChild(el("th", { scope: "row" }, row.label));
        records.forEach(function (r) {
          var td = el("td");
          var found = values(r, row.row);
          if (row.kinds.indexOf(r.kind) < 0) {
            td.className = "minka-compare__na";
            td.textContent = S.compare_not_applicable;
          } else if (found.length === 1) td.textContent = found[0];
          else if (found.length) {
            var ul = el("ul");
            found.forEach(function (v) { ul.appendChild(el("li", {}, v)); });
            td.appendChild(ul);
          } else td.textContent = "—";
          tr.appendChild(td);
        });
        body.appendChild(tr);
      });
      table.appendChild(body);
    });
    var wrap = el("div", { "class": "minka-compare__scroll", tabindex: "0", role: "region", "aria-label": page.getAttribute("data-caption") || "" });
    wrap.appendChild(table);
    var parts = [wrap];
    if (mixed) parts.unshift(el("p", { "class": "minka-compare__note" }, S.compare_mixed_note));
    holder.replaceChildren.apply(holder, parts);
  }

  // The rows to show for the kinds chosen: one group for one kind; for both, the shared rows,
  // then each kind's own, each under its heading.
  function groups(kinds) {
    var rows = config.rows.filter(function (row) {
      return row.kinds.some(function (k) { return kinds.indexOf(k) >= 0; });
    });
    if (kinds.length < 2) return [{ label: "", rows: rows }];
    var shared = rows.filter(function (row) { return row.kinds.length > 1; });
    return [{ label: config.groups.shared, rows: shared }].concat(kinds.map(function (k) {
      return { label: config.groups[k], rows: rows.filter(function (row) {
        return row.kinds.length === 1 && row.kinds[0] === k;
      }) };
    }));
  }

  function values(record, name) {
    var row = record.rows.filter(function (x) { return x.row === name; })[0];
    return row ? row.values : [];
  }

  function update() {
    var ids = chosen();
    var mine = ++turn;
    boxes.forEach(function (b) { b.disabled = !b.checked && ids.length >= config.max; });
    if (!ids.length) {
      holder.replaceChildren();
      status.textContent = S.compare_empty;
      return Promise.resolve();
    }
    status.textContent = S.compare_loading;
    return Promise.all(ids.map(load)).then(function (records) {
      if (mine !== turn) return;
      status.textContent = ids.length < 2 ? S.compare_one : ids.length >= config.max ? S.compare_max : "";
      draw(records);
    }).catch(function () {
      if (mine === turn) status.textContent = S.compare_failed;
    });
  }

  boxes.forEach(function (b) {
    b.addEventListener("change", function () { toUrl(); update(); });
  });
  var filter = page.querySelector(".minka-compare__filter input");
  filter.addEventListener("input", function () {
    var words = filter.value.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    boxes.forEach(function (b) {
      var text = b.parentNode.textContent.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
      b.closest("li").hidden = words && text.indexOf(words) < 0 && !b.checked;
    });
  });
  window.addEventListener("popstate", function () { fromUrl(); update(); });
  fromUrl();
  update();
})();
