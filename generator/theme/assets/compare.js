// Minka: the compare page. Ticked practices and methodologies (up to four) are fetched from
// compare/<id>.json and shown side by side; the choice lives in the URL (?ids=a,b) so it can
// be shared. One record alone is shown too: a record page's Compare link opens with it chosen.
// The lists to choose from come from compare/_choices.json (compare.py), not the page, so the
// page stays light at any catalog size; they are written in slices of a few milliseconds, so
// thousands of records never block the page, into boxes the page already sized.
// The rows, in order, and the kinds of record that have each come from the page (compare.py):
// with both kinds chosen, the rows they share come first, then each kind's own rows under a
// heading, and a cell of a row its record's kind lacks says "does not apply", not "—".
(function () {
  "use strict";
  var page = document.querySelector("[data-minka-compare]");
  if (!page) return;
  var config = JSON.parse(page.querySelector(".minka-compare__config").textContent);
  var S = config.strings;
  var lists = page.querySelector(".minka-compare__groups");
  var status = page.querySelector(".minka-compare__status");
  var holder = page.querySelector(".minka-compare__table");
  var filter = page.querySelector(".minka-compare__filter input");
  var boxes = [];  // the checkboxes written so far, in the lists' order
  // id -> place in the lists: the order of the columns and of ?ids= (no prototype: an id
  // may be any slug, "constructor" too)
  var rank = Object.create(null);
  var ids = [];  // the records chosen, in the lists' order once they are known
  var cache = Object.create(null);
  var FIRST = 50;  // records of each list written at once
  var written = Object.create(null);  // id -> its checkbox, once written
  var rest = [];  // [list, kind, record] of the records not written yet
  var writing = false;
  var turn = 0;

  // Both start at once: the lists, and the records a shared address names.
  var choices = fetch(config.choices).then(function (r) {
    if (!r.ok) throw new Error(r.status);
    return r.json();
  }).then(function (data) {
    var n = 0;
    config.kinds.forEach(function (k) {
      (data[k[0]] || []).forEach(function (c) { rank[c[0]] = n++; });
    });
    write(data);
    return data;
  });
  choices.catch(function () { lists.setAttribute("aria-busy", "false"); });

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text != null) node.textContent = text;
    return node;
  }

  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  // Each list's first FIRST records at once, more than its box shows; the rest once the
  // reader turns to the lists (scrolls, points, types, tabs into them, or asks for the whole
  // list with the button at the end), in slices of about 8 ms. Thousands of checkboxes cost
  // a phone seconds of work: a reader who came for one comparison by its address is spared.
  function write(data) {
    Array.prototype.forEach.call(lists.querySelectorAll(".minka-compare__choices"), function (ul) {
      var kind = ul.getAttribute("data-kind");
      var all = data[kind] || [];
      var part = document.createDocumentFragment();
      all.slice(0, FIRST).forEach(function (c) { part.appendChild(item(kind, c)); });
      all.slice(FIRST).forEach(function (c) { rest.push([ul, kind, c]); });
      if (all.length > FIRST) part.appendChild(moreButton(ul));
      ul.replaceChildren(part);
    });
    done(!rest.length);
    // A record the address names is shown ticked in its list.
    if (ids.some(function (id) { return id in rank && !(id in written); })) more();
  }

  function moreButton(ul) {
    var li = el("li", { "class": "minka-compare__more" });
    var button = el("button", { type: "button" }, S.compare_more);
    button.addEventListener("click", function () { more(ul); });
    li.appendChild(button);
    return li;
  }

  function more(focusIn) {
    if (!rest.length || writing) return;
    writing = true;
    lists.setAttribute("aria-busy", "true");
    var first = focusIn instanceof Element ? focusIn.children.length - 1 : -1;
    Array.prototype.forEach.call(lists.querySelectorAll(".minka-compare__more"), function (li) {
      li.remove();
    });
    var at = 0;
    (function slice() {
      var start = performance.now();
      var parts = new Map();
      while (at < rest.length && performance.now() - start < 8) {
        var q = rest[at++];
        if (!parts.has(q[0])) parts.set(q[0], document.createDocumentFragment());
        parts.get(q[0]).appendChild(item(q[1], q[2]));
      }
      parts.forEach(function (part, ul) { ul.appendChild(part); });
      if (first >= 0) {  // the button is gone: the focus goes to the first record it brought
        focusIn.children[first].querySelector("input").focus();
        first = -1;
      }
      if (at < rest.length) setTimeout(slice, 0);
      else {
        rest = [];
        done(true);
      }
    })();
  }

  function done(all) {
    lists.setAttribute("aria-busy", "false");
    lists.setAttribute("data-written", all ? "all" : "part");
  }

  function item(kind, c) {
    var box = el("input", { type: "checkbox", name: "ids", value: c[0], "data-kind": kind });
    box.checked = ids.indexOf(c[0]) >= 0;
    box.disabled = !box.checked && ids.length >= config.max;
    var label = el("label");
    label.append(box, " " + c[1]);
    if (c[2]) label.append(" ", el("span", { "class": "minka-compare__country" }, c[2]));
    var li = el("li");
    li.appendChild(label);
    li.minkaText = fold(c[1] + " " + c[2]);
    li.hidden = !shown(li, box);
    boxes.push(box);
    written[c[0]] = box;
    return li;
  }

  function shown(li, box) {
    var words = fold(filter.value);
    return !words || box.checked || li.minkaText.indexOf(words) >= 0;
  }

  function mark() {
    boxes.forEach(function (b) {
      b.checked = ids.indexOf(b.value) >= 0;
      b.disabled = !b.checked && ids.length >= config.max;
    });
  }

  function ordered(list) {
    return list.filter(function (id) { return id in rank; }).sort(function (a, b) {
      return rank[a] - rank[b];
    });
  }

  function fromUrl() {
    ids = (new URLSearchParams(location.search).get("ids") || "").split(",").filter(Boolean);
    if (Object.keys(rank).length) ids = ordered(ids);
  }

  function toUrl() {
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
        var at = ids.indexOf(r.id);
        ids = ids.filter(function (id) { return id !== r.id; });
        toUrl();
        // The table is drawn anew: the focus goes to the column that took this one's place
        // (or the last), else to the lists, and the status line says what happened.
        update().then(function () {
          var buttons = holder.querySelectorAll(".minka-compare__remove");
          var next = buttons[Math.min(at, buttons.length - 1)] || lists.querySelector("input[name=ids]");
          if (next) next.focus();
          status.textContent = S.compare_removed.replace("{title}", r.title);
        });
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

  // Shows the records chosen. The lists come first: they say which ids exist and in what
  // order the columns go (practices first, as listed).
  function update() {
    var mine = ++turn;
    var wanted = ids.slice();
    wanted.forEach(load);  // asked for now, not once the lists are in
    status.textContent = S.compare_loading;
    return choices.then(function () {
      if (mine !== turn) return;
      ids = ordered(ids);
      mark();
      if (!ids.length) {
        holder.replaceChildren();
        status.textContent = S.compare_empty;
        return;
      }
      var now = ids.slice();
      return Promise.all(now.map(load)).then(function (records) {
        if (mine !== turn) return;
        status.textContent = now.length < 2 ? S.compare_one : now.length >= config.max ? S.compare_max : "";
        draw(records);
      });
    }).catch(function () {
      if (mine === turn) status.textContent = S.compare_failed;
    });
  }

  lists.addEventListener("change", function (event) {
    var box = event.target;
    if (box.name !== "ids") return;
    ids = ids.filter(function (id) { return id !== box.value; });
    if (box.checked) ids = ordered(ids.concat([box.value]));
    toUrl();
    update();
  });
  // The reader turns to the lists: the whole of them is written (scroll does not bubble).
  var choose = page.querySelector(".minka-compare__choose");
  ["focusin", "pointerdown", "wheel", "touchstart", "input"].forEach(function (name) {
    choose.addEventListener(name, function (event) {
      var button = event.target.closest && event.target.closest(".minka-compare__more");
      more(button ? button.parentNode : null);  // from its button: the focus follows
    }, { passive: true });
  });
  lists.addEventListener("scroll", function () { more(); }, { capture: true, passive: true });
  filter.addEventListener("input", function () {
    boxes.forEach(function (b) {
      var li = b.closest("li");
      li.hidden = !shown(li, b);
    });
  });
  window.addEventListener("popstate", function () { fromUrl(); update(); });
  fromUrl();
  update();
})();
