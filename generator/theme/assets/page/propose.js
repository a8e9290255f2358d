// Minka: the "propose a practice" form (contribute/propose/). It checks the fields by the
// rules exported from the models and vocabularies at build time (data-rules, written by
// generator/propose.py), then writes a draft record file in Minka's format, plus a
// vocabulary snippet for new organizations, and downloads them or opens an e-mail to the
// site's editors. Nothing is sent anywhere else, and nothing is stored.
// Loaded on this page only, in the bundle of its kind, "propose", after forms.js
// (generator/assets.py).
(function () {
  "use strict";

  var forms = window.minkaForms; // assets/forms.js: error lines, dates, files, YAML
  var SCHEMA_LINE = "# yaml-language-server: $schema=";

  function setUp(form) {
    var d = form.dataset;
    var rules = JSON.parse(form.querySelector("script[data-minka-rules]").textContent);
    var buttons = form.querySelectorAll("[data-add]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].addEventListener("click", function (event) {
        var item = add(form, event.currentTarget.getAttribute("data-add"));
        item.querySelector("input, select").focus();
      });
    }
    function refresh(event) {
      var field = event && event.target;
      if (field && field.getAttribute && field.getAttribute("aria-invalid") === "true") {
        forms.show(field, message(form, rules, field));
      }
      form.querySelector("[data-id-preview]").textContent = recordId(form, rules);
      contactOptions(form);
    }
    form.addEventListener("input", refresh);
    form.addEventListener("change", refresh);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      check(form, rules);
    });
    form.addEventListener("click", function (event) {
      var button = event.target.closest("[data-action]");
      if (!button || !form.contains(button)) return;
      if (!check(form, rules)) return;
      var files = write(form, rules);
      if (button.getAttribute("data-action") === "download") {
        files.forEach(function (file) { forms.save(file.name, file.text, "application/yaml"); });
        say(form, d.msgDownloaded.replace("{files}", files.map(function (f) {
          return f.name;
        }).join(", ")));
      } else {
        location.href = mailto(form, files);
        say(form, d.msgMail);
      }
    });
    refresh();
  }

  // Repeated parts (new organizations, figures, sources), numbered from 1.

  function add(form, kind) {
    var template = form.querySelector('template[data-template="' + kind + '"]');
    var list = form.querySelector('[data-items="' + kind + '"]');
    var n = list.children.length + 1;
    var item = template.content.firstElementChild.cloneNode(true);
    var named = item.querySelectorAll("[id], [for], [aria-describedby]");
    for (var i = 0; i < named.length; i++) {
      ["id", "for", "aria-describedby"].forEach(function (attr) {
        var value = named[i].getAttribute(attr);
        if (value) named[i].setAttribute(attr, value.replace("-N-", "-" + n + "-"));
      });
    }
    item.querySelector("legend").textContent = template.getAttribute("data-legend")
      .replace("{n}", n);
    list.appendChild(item);
    return item;
  }

  function items(form, kind) {
    return Array.prototype.slice.call(form.querySelectorAll('[data-item="' + kind + '"]'));
  }

  function filled(group) {
    var fields = group.querySelectorAll("input, select, textarea");
    for (var i = 0; i < fields.length; i++) {
      var f = fields[i];
      if (f.name === "organizations.role") continue;  // it always has a value
      if (f.type === "checkbox" ? f.checked : f.value.trim()) return true;
    }
    return false;
  }

  function value(scope, name) {
    var field = scope.querySelector('[name="' + name + '"]');
    return field ? field.value.trim() : "";
  }

  // Checking, with messages in the page's language.

  function check(form, rules) {
    var first = null;
    var fields = form.querySelectorAll("input[id], select[id], textarea[id]");
    for (var i = 0; i < fields.length; i++) {
      var text = message(form, rules, fields[i]);
      forms.show(fields[i], text);
      if (text && !first) first = fields[i];
    }
    var alert = form.querySelector(".minka-request__alert");
    alert.textContent = first ? form.dataset.msgInvalid : "";
    alert.hidden = !first;
    if (first) first.focus();
    return !first;
  }

  function message(form, rules, field) {
    var d = form.dataset;
    var name = field.name.replace(/\.other$/, "");
    var rule = rules.fields[name] || {};
    var text = field.value.trim();
    var group = field.closest("[data-group]");
    var required = field.required ||
      (field.hasAttribute("data-required") && group && filled(group));
    if (!text) {
      if (required) return d.msgMissing;
      if (name === "exchange.contact.organization" && value(form, "exchange.contact.email")) {
        return d.msgMissing;  // a contact is an organization, with or without an e-mail
      }
      return "";
    }
    // Places are typed in one field: each one has the model's limit.
    var parts = name === "places" ? text.split(";") : [text];
    if (rule.maxLength && parts.some(function (p) { return p.trim().length > rule.maxLength; })) {
      return d.msgLong.replace("{max}", rule.maxLength);
    }
    if (field.type === "email" && (!field.validity.valid || !new RegExp(rules.email).test(text))) {
      return d.msgEmail;
    }
    if (field.type === "url" && (!field.validity.valid || !/^https?:\/\//i.test(text))) {
      return d.msgUrl;
    }
    if (name === "title" && !/[\p{L}\p{N}]/u.test(text)) return d.msgTitleWords;
    if (name === "countries") {
      var codes = text.toUpperCase().split(/[\s,;]+/).filter(Boolean);
      var unknown = codes.filter(function (c) { return rules.countries.indexOf(c) < 0; });
      return unknown.length ? d.msgCountry.replace("{codes}", unknown.join(", ")) : "";
    }
    if (name === "organizations.country" && rules.countries.indexOf(text.toUpperCase()) < 0) {
      return d.msgCountry.replace("{codes}", text);
    }
    if (name === "key_figures.currency" && rules.currencies.indexOf(text.toUpperCase()) < 0) {
      return d.msgCurrency;
    }
    if (name === "key_figures.source") {
      var n = Number(text);
      var count = items(form, "sources").filter(filled).length;
      return Number.isInteger(n) && n >= 1 && n <= count ? "" : d.msgSource;
    }
    if (name === "sources.date" && !/^\d{4}$/.test(text)) {
      var date = /^\d{4}-\d{2}-\d{2}$/.test(text) && new Date(text + "T00:00:00");
      var ok = date && !isNaN(date) && date.toISOString().slice(0, 10) === text &&
        text <= forms.today() && Number(text.slice(0, 4)) >= rule.minimum;
      return ok ? "" : d.msgDate;
    }
    if (field.type === "number" || name === "sources.date") {
      // A bound past four digits is written as the pages write numbers (1,000,000 /
      // 1.000.000); a year stays as it is.
      var bound = function (n) { return Math.abs(n) >= 10000 ? window.minkaSearch.number(n) : String(n); };
      var number = Number(text);
      var max = rule.maximum;
      if (rule.not_future && new Date().getFullYear() < max) max = new Date().getFullYear();
      var whole = field.step !== "any" || name === "sources.date";
      if (!isFinite(number) || (whole && !Number.isInteger(number)) || number < rule.minimum) {
        return d.msgNumber.replace("{min}", bound(rule.minimum)).replace("{max}", bound(max));
      }
      if (number > max) {
        return (rule.not_future ? d.msgFuture : d.msgNumber)
          .replace("{min}", bound(rule.minimum)).replace("{max}", bound(max));
      }
      var start = value(form, "period.start");
      if (name === "period.end" && start && number < Number(start)) return d.msgEnd;
    }
    if (rule.enum && rule.enum.indexOf(text) < 0) return d.msgMissing;
    return "";
  }

  function say(form, text) {
    form.querySelector(".minka-request__status").textContent = text;
  }

  // Ids: from the title (or a name), as editors write them, never one already taken.

  function slug(text, rules, taken) {
    var base = text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    var max = rules.fields.id.maxLength;
    base = base.slice(0, max - 3).replace(/-+$/, "") || "practice";
    var id = base;
    for (var n = 2; taken.indexOf(id) >= 0; n++) id = base + "-" + n;
    return new RegExp(rules.slug).test(id) ? id : "";
  }

  function recordId(form, rules) {
    return slug(value(form, "title"), rules, rules.record_ids);
  }

  function newOrganizations(form, rules) {
    var taken = rules.organization_ids.slice();
    return items(form, "organizations").filter(filled).map(function (item, i) {
      var name = value(item, "organizations.name");
      var id = slug(value(item, "organizations.acronym") || name, rules, taken);
      taken.push(id);
      return { n: i + 1, id: id, name: name, item: item };
    });
  }

  function contactOptions(form) {
    var select = form.querySelector('[name="exchange.contact.organization"]');
    var chosen = select.value;
    var old = select.querySelectorAll("option[data-new]");
    for (var i = 0; i < old.length; i++) old[i].remove();
    items(form, "organizations").forEach(function (item, i) {
      var name = value(item, "organizations.name");
      if (!name) return;
      var option = document.createElement("option");
      option.value = "new:" + (i + 1);
      option.textContent = name;
      option.setAttribute("data-new", "");
      select.appendChild(option);
    });
    select.value = chosen;
    if (select.value !== chosen) select.value = "";
  }

  // The record, in the models' field order; empty optional fields are left out.

  function write(form, rules) {
    var lang = value(form, "original_language");
    var other = rules.languages.filter(function (l) { return l !== lang; })[0];
    function text(main, translation) {
      var t = {};
      t[lang] = main;
      if (translation) t[other] = translation;
      return t;
    }
    function checked(name) {
      var boxes = form.querySelectorAll('input[name="' + name + '"]:checked');
      return Array.prototype.map.call(boxes, function (box) { return box.value; });
    }
    var id = recordId(form, rules);
    var orgs = newOrganizations(form, rules);
    var rec = {
      id: id,
      title: text(value(form, "title"), value(form, "title.other")),
      original_language: lang,
      status: "draft",
      kind: value(form, "kind"),
      countries: value(form, "countries").toUpperCase().split(/[\s,;]+/).filter(Boolean)
    };
    var places = value(form, "places").split(";").map(function (p) { return p.trim(); })
      .filter(Boolean);
    if (places.length) rec.places = places;
    var start = value(form, "period.start");
    if (start) {
      rec.period = { start: Number(start) };
      if (value(form, "period.end")) rec.period.end = Number(value(form, "period.end"));
      else if (form.querySelector('[name="period.ongoing"]').checked) rec.period.ongoing = true;
    }
    rec.summary = text(value(form, "summary"), value(form, "summary.other"));
    ["themes", "value_chains", "populations"].forEach(function (name) {
      var terms = checked(name);
      if (terms.length) rec[name] = terms;
    });
    var lead = value(form, "lead") ? [value(form, "lead")] : [];
    var partners = checked("partners");
    orgs.forEach(function (org) {
      (value(org.item, "organizations.role") === "lead" ? lead : partners).push(org.id);
    });
    if (lead.length) rec.lead = lead;
    if (partners.length) rec.partners = partners;
    var sources = [];
    var sourceIds = [];
    items(form, "sources").filter(filled).forEach(function (item) {
      var title = value(item, "sources.title");
      var source = { id: slug(title.split(/\s+/).slice(0, 4).join(" "), rules, sourceIds) };
      sourceIds.push(source.id);
      source.title = title;
      ["publisher", "author", "date", "url"].forEach(function (key) {
        var v = value(item, "sources." + key);
        if (v) source[key] = key === "date" && /^\d{4}$/.test(v) ? Number(v) : v;
      });
      sources.push(source);
    });
    var figures = items(form, "key_figures").filter(filled).map(function (item) {
      var figure = { value: Number(value(item, "key_figures.value")) };
      if (value(item, "key_figures.unit")) figure.unit = text(value(item, "key_figures.unit"));
      if (value(item, "key_figures.currency")) {
        figure.currency = value(item, "key_figures.currency").toUpperCase();
      }
      figure.label = text(value(item, "key_figures.label"));
      if (value(item, "key_figures.year")) figure.year = Number(value(item, "key_figures.year"));
      figure.source = sourceIds[Number(value(item, "key_figures.source")) - 1];
      return figure;
    });
    if (figures.length) rec.key_figures = figures;
    if (sources.length) rec.sources = sources;
    var exchange = {};
    if (value(form, "exchange.offer")) exchange.offer = text(value(form, "exchange.offer"));
    var contact = value(form, "exchange.contact.organization");
    if (contact) {
      if (contact.indexOf("new:") === 0) contact = orgs[Number(contact.slice(4)) - 1].id;
      exchange.contact = { organization: contact };
      var email = value(form, "exchange.contact.email");
      if (email) exchange.contact.email = email;
    }
    if (Object.keys(exchange).length) rec.exchange = exchange;
    var files = [{ name: id + ".yaml", text: SCHEMA_LINE + rules.schema + "\n" + forms.yaml(rec, "") }];
    if (orgs.length) {
      var entries = orgs.map(function (org) {
        var entry = { id: org.id, name: text(org.name) };
        var acronym = value(org.item, "organizations.acronym");
        var country = value(org.item, "organizations.country").toUpperCase();
        if (acronym) entry.acronym = acronym;
        if (country) entry.country = country;
        entry.type = value(org.item, "organizations.type");
        if (value(org.item, "organizations.url")) entry.url = value(org.item, "organizations.url");
        return entry;
      });
      files.push({ name: "organizations-" + id + ".yaml",
                   text: "# " + form.dataset.snippetNote + "\n" +
                         forms.yaml({ organizations: entries }, "") });
    }
    return files;
  }

  function mailto(form, files) {
    var d = form.dataset;
    var lines = [d.mailIntro, "", d.labelName + ": " + value(form, "proposer.name"),
                 d.labelEmail + ": " + value(form, "proposer.email"), ""];
    files.forEach(function (file) { lines.push("--- " + file.name + " ---", file.text); });
    var body = lines.join("\n").replace(/\r?\n/g, "\r\n");
    var to = d.editors.split(",").map(function (a) {
      return encodeURIComponent(a.trim()).replace(/%40/g, "@");
    }).join(",");
    return "mailto:" + to + "?subject=" +
      encodeURIComponent(d.subject.replace("{title}", value(form, "title"))) +
      "&body=" + encodeURIComponent(body);
  }

  function init() {
    var found = document.querySelectorAll("form[data-minka-propose]");
    for (var i = 0; i < found.length; i++) setUp(found[i]);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
