// Minka: the "request an exchange" form of a practice page. It checks the fields in the
// browser (their limits and patterns are written into the form from the format's JSON
// Schema), then sends the request by e-mail (a mailto: link), downloads it as JSON or YAML
// in the format minka-exchange-request/2 (defined by generator/request.py) or prints it as
// a one-page letter. Every output carries the request's reference, REQ-<date>-<practice>-
// <country>. Nothing leaves the page without the reader's action, and nothing is stored.
(function () {
  "use strict";

  var forms = window.minkaForms; // assets/forms.js: error lines, dates, files, YAML

  function setUp(box) {
    var form = box.querySelector("form");
    var mail = box.querySelector('[data-action="mail"]');
    var start = form.elements["dates.start"];
    var end = form.elements["dates.end"];
    function refresh(event) {
      // A field already flagged is checked again as it changes, so its message goes away.
      if (event && event.target.getAttribute("aria-invalid") === "true") {
        forms.show(event.target, message(box, form, event.target));
      }
      if (mail) mail.href = mailLink(box, form, collect(box, form)).href;
    }
    form.addEventListener("input", refresh);
    form.addEventListener("change", refresh);
    start.addEventListener("change", function () { end.min = start.value; });
    // Enter in a field submits: treat it as "check the form", never as a page load.
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      check(box, form);
    });
    box.addEventListener("click", function (event) {
      var button = event.target.closest("[data-action]");
      if (!button || !box.contains(button)) return;
      if (!check(box, form)) {
        event.preventDefault();
        return;
      }
      var doc = collect(box, form);
      var action = button.getAttribute("data-action");
      if (action === "mail") {
        var link = mailLink(box, form, doc);
        button.href = link.href;  // the link itself then opens the mail program
        say(box, link.whole ? box.dataset.msgMail : box.dataset.msgMailAttach);
      } else if (action === "json" || action === "yaml") {
        download(box, doc, action);
      } else if (action === "print") {
        summarize(box, form, doc);
        document.documentElement.classList.add("minka-print-request");
        window.print();
      }
    });
    // Printing from the browser's menu with the request open and begun prints the same
    // clean summary; otherwise the record prints without the form.
    window.addEventListener("beforeprint", function () {
      if (box.open && form.elements["requester.institution"].value.trim()) {
        summarize(box, form, collect(box, form));
        document.documentElement.classList.add("minka-print-request");
      }
    });
    window.addEventListener("afterprint", function () {
      document.documentElement.classList.remove("minka-print-request");
    });
    refresh();
  }

  // Checking: the browser's constraint validation, with messages in the page's language.

  function check(box, form) {
    var first = null;
    var fields = form.querySelectorAll("input[id], select[id], textarea[id]");
    for (var i = 0; i < fields.length; i++) {
      var text = message(box, form, fields[i]);
      forms.show(fields[i], text);
      if (text && !first) first = fields[i];
    }
    var alert = box.querySelector(".minka-request__alert");
    alert.textContent = first ? box.dataset.msgInvalid : "";
    alert.hidden = !first;
    if (first) first.focus();
    return !first;
  }

  function message(box, form, field) {
    var d = box.dataset;
    field.setCustomValidity("");
    var text = "";
    if (field.required && !field.value.trim()) text = d.msgMissing;
    else if (field.hasAttribute("data-required-with-part") && !field.value.trim() &&
             partFilled(form, field.name)) text = d.msgFocal;
    else if (field.validity.valid) {
      var start = form.elements["dates.start"].value;
      if (field.name === "dates.end" && field.value && start && field.value < start) {
        text = d.msgDates;
      }
    } else if (field.type === "email") text = d.msgEmail;
    else if (field.type === "tel") text = d.msgPhone;
    else if (field.type === "number") text = d.msgNumber;
    else if (field.type === "date") text = field.validity.rangeUnderflow ? d.msgDates : d.msgDate;
    else text = d.msgMissing;
    field.setCustomValidity(text);
    return text;
  }

  // A field required inside an optional part (the focal point's institution) is required
  // once any other field of that part is filled in.
  function partFilled(form, name) {
    var prefix = name.split(".")[0] + ".";
    return Array.prototype.some.call(form.elements, function (other) {
      return other.name && other.name !== name && other.name.indexOf(prefix) === 0 &&
        other.value.trim();
    });
  }

  function say(box, text) {
    box.querySelector(".minka-request__status").textContent = text;
  }

  // The request as a document of the format; empty optional fields are left out.

  function collect(box, form) {
    var d = box.dataset;
    var created = forms.today();
    var doc = {
      format: d.format,
      reference: "REQ-" + created + "-" + d.practiceId + "-" + form.elements["requester.country"].value,
      created: created,
      language: d.lang,
      practice: { id: d.practiceId, title: d.practiceTitle, url: location.href.split("#")[0] }
    };
    if (d.recipientOrg || d.recipientDesk) {
      doc.recipient = {};
      if (d.recipientOrg) doc.recipient.organization = d.recipientOrg;
      if (d.recipientEmail) doc.recipient.email = d.recipientEmail;
      if (d.recipientDesk) doc.recipient.desk = d.recipientDesk;
    }
    var fields = form.elements;
    for (var i = 0; i < fields.length; i++) {
      var field = fields[i];
      if (!field.name) continue;
      if (field.type === "checkbox") {
        if (!field.checked) continue;
        var item = field.value;
        if (field.name === "learn") {
          var parts = item.split(":");
          item = { kind: parts[0], id: parts[1], title: field.getAttribute("data-title") };
        }
        (doc[field.name] = doc[field.name] || []).push(item);
        continue;
      }
      var value = field.value.trim();
      if (!value) continue;
      if (field.type === "number") {
        value = Number(value);
        if (!Number.isInteger(value)) continue;
      }
      put(doc, field.name.split("."), value);
    }
    return doc;
  }

  function put(doc, path, value) {
    var target = doc;
    for (var i = 0; i < path.length - 1; i++) {
      target = target[path[i]] = target[path[i]] || {};
    }
    target[path[path.length - 1]] = value;
  }

  // The request in words, with the form's own labels: for the e-mail and the printout.

  // A day (YYYY-MM-DD) as the page's language writes it in a letter: "1 de marzo de 2027".
  function longDate(iso) {
    return new Date(iso + "T00:00:00")
      .toLocaleDateString(document.documentElement.lang, { dateStyle: "long" });
  }

  function describe(form, skip) {
    var rows = [];
    var labelled = form.querySelectorAll("[data-label]");
    for (var i = 0; i < labelled.length; i++) {
      var el = labelled[i];
      if (skip && el.name && skip.test(el.name)) continue;
      var value = "";
      if (el.tagName === "FIELDSET") {
        var checked = el.querySelectorAll("input:checked");
        value = Array.prototype.map.call(checked, function (box) {
          return box.getAttribute("data-title");
        }).join("; ");
      } else if (el.tagName === "SELECT") {
        value = el.value ? el.options[el.selectedIndex].text : "";
      } else if (el.type === "date" && el.value) {
        value = longDate(el.value);  // as the letter's own date (the files keep ISO)
      } else {
        value = el.value.trim();
      }
      if (value) rows.push([el.getAttribute("data-label"), value]);
    }
    return rows;
  }

  // A mailto: link much past 2,000 characters fails or is cut without a word in common set-ups
  // (Chrome on Windows, Outlook: the 2,083 characters of Windows' URLs): a longer request goes
  // as its heading and asks for the downloaded file, which holds it whole, to be attached.
  var MAILTO_MAX = 2000;

  function mailLink(box, form, doc) {
    var whole = mailto(box, doc, describe(form));
    if (whole.length <= MAILTO_MAX) return { href: whole, whole: true };
    return { href: mailto(box, doc, null), whole: false };
  }

  function mailto(box, doc, rows) {
    var d = box.dataset;
    var lines = [d.mailIntro, doc.practice.title, doc.practice.url, "",
                 d.labelReference + ": " + doc.reference];
    if (!rows) lines.push(d.labelInstitution + ": " + ((doc.requester || {}).institution || ""), "", d.mailAttach);
    (rows || []).forEach(function (row) {
      if (row[1].indexOf("\n") >= 0 || row[1].length > 70) lines.push(row[0] + ":", row[1], "");
      else lines.push(row[0] + ": " + row[1]);
    });
    lines.push("", "--", d.mailFooter);
    var body = lines.join("\n").replace(/\r?\n/g, "\r\n");
    return "mailto:" + encodeURIComponent(d.recipientEmail).replace(/%40/g, "@") +
      "?subject=" + encodeURIComponent(subject(d, doc)) + "&body=" + encodeURIComponent(body);
  }

  function subject(d, doc) {
    if (!/-[A-Z]{2}$/.test(doc.reference)) return d.subject;  // no country chosen yet
    return d.subjectRef.replace("{reference}", doc.reference)
      .replace("{practice}", doc.practice.title);
  }

  // The printout: a one-page letter from the requesting institution, in the page's
  // language, with its reference, the request, and blocks for signature and seal.
  function summarize(box, form, doc) {
    var d = box.dataset;
    var who = doc.requester || {};
    var section = box.querySelector(".minka-request__summary");
    section.textContent = "";
    function add(parent, tag, text, cls) {
      var el = document.createElement(tag);
      if (text) el.textContent = text;
      if (cls) el.className = cls;
      parent.appendChild(el);
      return el;
    }
    var from = add(section, "div", "", "minka-letter__from");
    add(from, "strong", who.institution);
    if (who.address) add(from, "p", who.address);
    var country = form.elements["requester.country"];
    if (country.value) add(from, "p", country.options[country.selectedIndex].text);
    add(from, "p", [who.phone ? d.labelPhone + ": " + who.phone : "",
                    d.labelEmail + ": " + who.email].filter(Boolean).join(" · "));
    var meta = add(section, "p", "", "minka-letter__meta");
    add(meta, "span", d.labelReference + ": " + doc.reference);
    add(meta, "span", d.labelDate + ": " + longDate(doc.created));
    var to = add(section, "p", "", "minka-letter__to");
    add(to, "span", d.labelTo + ": " + d.addressee);
    if (d.recipientEmail) add(to, "span", d.recipientEmail);
    add(section, "h2", d.letterSubject.replace("{practice}", doc.practice.title));
    add(section, "p", d.letterOpening.replace("{url}", doc.practice.url));
    var list = add(section, "dl");
    describe(form, /^(requester|focal_point)\./).forEach(function (row) {
      add(list, "dt", row[0]);
      add(list, "dd", row[1]);
    });
    var sign = add(section, "div", "", "minka-letter__sign");
    var signature = add(sign, "div", "", "minka-letter__signature");
    add(signature, "span", d.labelSignature, "minka-letter__line");
    add(signature, "strong", who.contact);
    if (who.role) add(signature, "span", who.role);
    add(signature, "span", who.institution);
    add(sign, "div", d.labelSeal, "minka-letter__seal");
    if (doc.focal_point) {
      var focal = doc.focal_point;
      var endorsed = add(section, "div", "", "minka-letter__endorsement");
      add(endorsed, "strong", d.labelEndorsed + ": " + focal.institution);
      if (focal.contact || focal.email) {
        add(endorsed, "span", [focal.contact, focal.email].filter(Boolean).join(" · "));
      }
      add(endorsed, "span", d.labelEndorsement, "minka-letter__line");
    }
    add(section, "p", d.mailFooter + " " + d.labelReference + ": " + doc.reference,
        "minka-letter__footer");
    box.classList.add("minka-request--summarized");
  }

  // Files: JSON, and YAML written by hand (strings double-quoted, so every value keeps its
  // type: a date stays a string, as in the JSON).

  function download(box, doc, kind) {
    var text = kind === "json" ? JSON.stringify(doc, null, 2) + "\n" : forms.yaml(doc, "");
    var name = doc.reference + "." + kind;
    var type = kind === "json" ? "application/json" : "application/yaml";
    forms.save(name, text, type);
    say(box, box.dataset.msgDownloaded.replace("{file}", name));
  }

  function init() {
    var boxes = document.querySelectorAll("details[data-minka-request]");
    for (var i = 0; i < boxes.length; i++) setUp(boxes[i]);
    // "Request an exchange" (the action bar) leads to the form: open it, not just its heading.
    function openAsked() {
      if (location.hash === "#request-exchange" && boxes.length) boxes[0].open = true;
    }
    openAsked();
    window.addEventListener("hashchange", openAsked);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
