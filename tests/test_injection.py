"""No text from a record can inject markup into the built site.

A record (and an organization, and a methodology) full of HTML and script payloads that
pass validation, because they sit in plain-text fields or are encoded in Markdown, is built
for real; then every HTML page of the site is parsed and no element, attribute or script
may come from the payloads. Each payload carries the marker `minkaxss`, so anything it
created is recognisable.
"""

from __future__ import annotations

import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import MINKA, write_project

from generator import csl, reference

MARKER = "minkaxss"
# Plain-text fields (places, source titles, phone...): shown literally, never parsed.
PLAIN = [
    '<script>alert("minkaxss1")</script>',
    '<img src=x onerror=alert("minkaxss2")>',
    '"><svg onload=alert("minkaxss3")>',
    "' onmouseover='alert(\"minkaxss4\")' x='",
    '</title><script>alert("minkaxss5")</script>',
    "{: onclick=\"alert('minkaxss6')\" } [minkaxss7](javascript:alert(1))",
    "]]></script><iframe src=\"javascript:alert('minkaxss8')\"></iframe><!--",
    "{{ 7*7 }} {% raw %} minkaxss9 ${7*7}",
    "`<b>minkaxss10</b>` *x* &lt;u&gt;minkaxss11&lt;/u&gt; &#60;i&#62;",
]
# Markdown fields: raw HTML is rejected, so these are what an attacker has left.
MARKDOWN = [
    "Encoded twice: &amp;lt;script&amp;gt;alert('minkaxss20')&amp;lt;/script&amp;gt;.",
    'A [link](https://example.org/minkaxss21 "t\\" onmouseover=\\"alert(1)") here.',
    "A [link](https://example.org/?q=\"onclick=\"alert('minkaxss22')) there.",
    'Templates: {{ 7*7 }} {% if true %}minkaxss23{% endif %} `code " minkaxss24 &amp;`.',
]
# A name written plainly with every character Markdown escapes, and an apostrophe, which HTML
# escapes as a reference: shown as written wherever it appears, never with a backslash.
NAME = "O'Neil & Sons (Grupo *Uno*) - [A] #1 + 2.5 | x_y_z! `q` {b} > c\\d"
TITLE = (
    "Payload &amp;lt;/title&amp;gt;&amp;lt;script&amp;gt;minkaxss30&amp;lt;/script&amp;gt; "
    "{{ 7*7 }}"
)

# Attributes whose value is text a reader sees or a machine reads, where record text belongs.
TEXT_ATTRIBUTES = {
    "content",
    "title",
    "alt",
    "aria-label",
    "value",
    "placeholder",
    "href",
    "src",
    "id",
    "datetime",
}
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "srcset",
    "poster",
    "data",
    "background",
    "cite",
    "xlink:href",
}
FORBIDDEN_TAGS = {"iframe", "object", "embed", "frame", "frameset", "applet", "base"}


def _text(value: str) -> dict:
    return {"en": value, "es": value}


def _payload_project(root: Path) -> Path:
    markdown = " ".join(MARKDOWN)
    case = {
        "id": "payload",
        "title": _text(TITLE),
        "acronym": PLAIN[0],
        "original_language": "en",
        "kind": "network",
        "countries": ["CO"],
        "places": PLAIN,
        "themes": ["associativity"],
        "lead": ["payload-org"],
        "partners": [{"org": "named-org", "role": "funder"}],
        "funding": [{"funder": "named-org", "year": 2019, "description": _text(NAME)}],
        "beneficiaries": [{"type": _text(NAME), "number": 12}],
        "methodologies": ["payload-method#basics"],
        "summary": _text(markdown),
        "context": _text(markdown),
        "coordinates": [{"place": PLAIN[2], "lat": 1.2, "lon": -77.3}],
        "stories": [{"title": _text(MARKDOWN[0]), "text": _text(markdown), "place": PLAIN[3]}],
        "key_figures": [
            {
                "value": 5,
                "unit": _text(MARKDOWN[3]),
                "label": _text(MARKDOWN[1]),
                "year": 2018,
                "source": "s",
            }
        ],
        "sources": [
            {
                "id": "s",
                "title": PLAIN[4],
                "publisher": PLAIN[5],
                "author": PLAIN[1],
                "date": 2018,
                "url": "https://example.org/\"onmouseover=\"alert('minkaxss50')",
            }
        ],
        "see_also": [{"title": _text(MARKDOWN[2]), "url": "https://example.org/<minkaxss51>"}],
        "exchange": {
            "offer": _text(markdown),
            "exchanges": [
                {
                    "partner_country": "PE",
                    "partner": _text(MARKDOWN[2]),
                    "status": "request",
                    "text": _text(MARKDOWN[0]),
                },
                # "Côte d'Ivoire": a country's name with an apostrophe.
                {"partner_country": "CI", "status": "closed", "year": 2020},
            ],
            "interested_countries": ["CI"],
            "recognition": [{"title": _text("Award"), "year": 2021, "by": "named-org"}],
            "contact": {
                "organization": "payload-org",
                "phone": PLAIN[7],
                # The most hostile address email-validator still accepts.
                "email": "o'neil&co+{minkaxss52}@example.org",
                "url": "https://example.org/'><script>minkaxss53</script>",
            },
        },
    }
    method = {
        "id": "payload-method",
        "title": _text("Method " + TITLE),
        "original_language": "en",
        "summary": _text(markdown),
        "licence": PLAIN[8],
        "owner": ["payload-org"],
        "modules": [{"id": "basics", "title": _text(MARKDOWN[3])}],
        "citation": {"authors": [PLAIN[0], PLAIN[1]], "title": PLAIN[4], "publisher": PLAIN[2]},
        "sources": [{"id": "s", "title": PLAIN[3]}],
        "adaptations": [{"by": "named-org", "countries": ["CI"], "text": _text("Adapted.")}],
    }
    write_project(
        root,
        {
            "cases/payload.yaml": yaml.safe_dump(case, allow_unicode=True),
            "methodologies/payload-method.yaml": yaml.safe_dump(method),
        },
    )
    organizations = root / "vocabularies" / "organizations.yaml"
    registry = yaml.safe_load(organizations.read_text(encoding="utf-8"))
    registry["organizations"].append(
        {
            "id": "payload-org",
            "name": _text(MARKDOWN[0]),
            "acronym": PLAIN[2],
            "country": "CO",
            "type": "ngo",
            "url": "https://example.org/\"><svg onload=alert('minkaxss54')>",
        }
    )
    registry["organizations"].append({"id": "named-org", "name": _text(NAME), "type": "ngo"})
    organizations.write_text(yaml.safe_dump(registry, allow_unicode=True), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def payload_site(tmp_path_factory) -> Path:
    root = _payload_project(tmp_path_factory.mktemp("injection") / "project")
    result = subprocess.run(
        [*MINKA, "--config", str(root / "mkdocs.yml"), "build", "--strict"],
        capture_output=True,
        text=True,
        cwd=root,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_payloads_are_legal_input_and_shown_as_text(payload_site):
    for lang in ("en", "es"):
        page = _parse(payload_site / lang / "practices" / "payload" / "index.html")
        text = " ".join(" ".join(page.text).split())
        for payload in PLAIN:
            assert " ".join(payload.split()) in text, payload
        assert "&lt;script&gt;alert('minkaxss20')&lt;/script&gt;" in text
        assert "{{ 7*7 }}" in text and "minkaxss23" in text


def test_a_plain_name_shows_as_written_in_every_page_and_form(payload_site):
    """Names and plain texts are escaped once, for where they land: Markdown's backslashes
    and a doubly escaped "&#39;" must not reach what a reader sees (the proposal form's
    list of organizations once showed "Mink&\\#39;a \\(Grupo\\)")."""
    ivoire = {lang: reference.country_name("CI", lang) for lang in ("en", "es")}
    escaped = re.compile(r"\\[`*_{}\[\]()#+\-.!|>]|&#|&amp;")
    for lang in ("en", "es"):
        pages = {
            "practice": f"{lang}/practices/payload/index.html",
            "fact sheet": f"{lang}/practices/payload/factsheet/index.html",
            "methodology": f"{lang}/methodologies/payload-method/index.html",
            "organization's hub": f"{lang}/organizations/named-org/index.html",
            "proposal form": f"{lang}/contribute/propose/index.html",
        }
        for what, path in pages.items():
            page = _parse(payload_site / path)
            text = " ".join(page.text)
            assert NAME in text, (what, path)
            if what != "organization's hub" and what != "proposal form":
                assert ivoire[lang] in text, (what, path)
            shown = [t for t in page.text if "O'Neil" in t or "Ivoire" in t or "Marf" in t]
            assert [t for t in shown if escaped.search(t.replace(NAME, ""))] == [], (what, path)
            options = [v for tag, attrs in page.tags for k, v in attrs if tag == "option"]
            assert all("\\" not in (v or "") for v in options), (what, path)


def test_no_element_or_attribute_comes_from_a_record(payload_site):
    pages = sorted(payload_site.rglob("*.html"))
    assert len(pages) > 10
    problems = []
    for path in pages:
        page = _parse(path)
        where = path.relative_to(payload_site).as_posix()
        for tag, attrs in page.tags:
            if (tag in FORBIDDEN_TAGS and not _theme_base(where, tag, attrs)) or MARKER in tag:
                problems.append(f"{where}: element <{tag}>")
            download = _citation_download(tag, attrs)
            for name, value in attrs:
                value = value or ""
                if name == "href" and download:
                    continue  # record text, percent-encoded, in a file to download
                if name.startswith("on") or MARKER in name:
                    problems.append(f"{where}: <{tag} {name}={value!r}>")
                if MARKER in value and name not in TEXT_ATTRIBUTES and not name.startswith("data-"):
                    problems.append(f"{where}: <{tag} {name}={value!r}>")
                if name == "id" and not re.fullmatch(r"[\w.:-]+", value):
                    problems.append(f"{where}: <{tag} id={value!r}>")
                if name in URL_ATTRIBUTES and not _safe_url(value):
                    problems.append(f"{where}: <{tag} {name}={value!r}>")
        for kind, body in page.scripts:
            if kind in ("application/json", "application/ld+json"):
                try:
                    json.loads(body)
                except ValueError:
                    problems.append(f"{where}: a {kind} script that is not JSON: {body[:80]!r}")
            elif MARKER in body:
                problems.append(f"{where}: a script with record text: {body[:80]!r}")
        if any(MARKER in body for body in page.styles):
            problems.append(f"{where}: a style with record text")
    assert problems == []


def _theme_base(where: str, tag: str, attrs: list) -> bool:
    """Whether this is the <base> theme/404.html writes: its own language folder, no more."""
    lang = where.split("/")[0]
    return tag == "base" and where == f"{lang}/404.html" and attrs == [("href", f"/{lang}/")]


def _citation_download(tag: str, attrs: list) -> bool:
    """Whether this is a cite box's download link: a file of one of the citation formats'
    media types, named by `download`, its text percent-encoded in a data: URL (a browser
    saves it; it never opens or runs it)."""
    found = dict(attrs)
    mimes = "|".join(re.escape(mime) for _, _, mime in csl.FORMATS.values())
    return (
        tag == "a"
        and bool(found.get("download"))
        and re.fullmatch(
            rf"data:({mimes});charset=utf-8,[A-Za-z0-9_.~!$&'()*+,;=:@/%-]*", found["href"] or ""
        )
        is not None
        and found["href"].startswith(f"data:{found.get('type')};")
    )


def _safe_url(value: str) -> bool:
    """A URL that stays in the site, or an http, https or mailto one (as a browser reads it)."""
    url = re.sub(r"[\x00-\x20]", "", value).lower()
    scheme = re.match(r"([a-z][a-z0-9+.-]*):", url)
    return not scheme or scheme.group(1) in ("http", "https", "mailto")


class _Page(HTMLParser):
    """Every start tag with its attributes, the scripts and styles, and the visible text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.scripts, self.styles, self.text = [], [], [], []
        self._in = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        if tag in ("script", "style"):
            self._in = (tag, dict(attrs).get("type", ""))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_endtag(self, tag):
        if self._in and tag == self._in[0]:
            self._in = None

    def handle_data(self, data):
        if self._in is None:
            self.text.append(data)
        elif self._in[0] == "script":
            self.scripts.append((self._in[1], data))
        else:
            self.styles.append(data)


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page
