// Minka: the compare page. Ticked practices (two to four) are fetched from compare/<id>.json
// and shown side by side; the choice lives in the URL (?ids=a,b) so it can be shared.
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
      head.appendChild(th);
    });
    var thead = el("thead");
    thead.appendChild(head);
    table.appendChild(thead);
    var body = el("tbody");
    records[0].rows.forEach(function (row, i) {
      if (!records.some(function (r) { return r.rows[i].values.length; })) return;  // nobody has it
      var tr = el("tr");
      tr.appendChild(el("th", { scope: "row" }, row.label));
      records.forEach(function (r) {
        var td = el("td");
        var values = r.rows[i].values;
        if (values.length === 1) td.textContent = values[0];
        else if (values.length) {
          var ul = el("ul");
          values.forEach(function (v) { ul.appendChild(el("li", {}, v)); });
          td.appendChild(ul);
        } else td.textContent = "—";
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    table.appendChild(body);
    var wrap = el("div", { "class": "minka-compare__scroll", tabindex: "0", role: "region", "aria-label": page.getAttribute("data-caption") || "" });
    wrap.appendChild(table);
    holder.replaceChildren(wrap);
  }

  function update() {
    var ids = chosen();
    var mine = ++turn;
    boxes.forEach(function (b) { b.disabled = !b.checked && ids.length >= config.max; });
    if (ids.length < 2) {
      holder.replaceChildren();
      status.textContent = S.compare_empty;
      return Promise.resolve();
    }
    status.textContent = S.compare_loading;
    return Promise.all(ids.map(load)).then(function (records) {
      if (mine !== turn) return;
      status.textContent = ids.length >= config.max ? S.compare_max : "";
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
