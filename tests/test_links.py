"""Every internal link and anchor of the built site resolves.

MkDocs checks the links it knows about (`validation:` in mkdocs.yml, made errors by
--strict); the crawl below also checks what the templates and the theme write: every
href and src of every HTML page that stays inside the site must name a file that exists,
and its #fragment an id in that file. External links: `make linkcheck`, not here.

The 404 page of each language is crawled like the others (its links are written from the
language root, where it lives) and is also opened in Chromium at missing addresses of
several depths, as a static host serves it, at the site's root and under a sub-path.
"""

from __future__ import annotations

import functools
import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import ROOT, run_minka, serve_folder
from mkdocs.utils import yaml_load
from pages import LANGS

LINK_ATTRIBUTES = {"href", "src"}
LOCAL_HOSTS = {"127.0.0.1", "localhost", "0.0.0.0", "::1"}
# Missing addresses at which a static host serves <lang>/404.html, from the language root;
# the last repeats the language folder, as a broken relative link does.
MISSING = (
    "nonexistent",
    "practices/nonexistent/",
    "practices/nonexistent/deeper/still/",
    "practices/samer/nonexistent.html",
    "{lang}/practices/samer/",
)


def test_mkdocs_strict_build_rejects_broken_links_and_anchors():
    with open(ROOT / "mkdocs.yml", encoding="utf-8") as f:
        validation = yaml_load(f)["validation"]
    for check in ("omitted_files", "absolute_links", "unrecognized_links", "anchors"):
        assert validation.get(check) == "warn", check  # built_site builds with --strict


# Finished HTML passes through Markdown as a comment (present.raw_html), where MkDocs checks
# no link; the plugin checks them as MkDocs checks a Markdown link, and hands the anchors to
# MkDocs' own check, which knows the ids of the raw blocks too.
RAW_BLOCK = """

<!--minka:raw
<p id="here"><a href="../practices/demo/">Demo</a> <a href="#here">Here</a>
<a href="../nowhere/">x</a> <img src="../assets/none.png" alt="">
<a href="#gone">x</a> <a href="../practices/demo/?x=1#nowhere">x</a></p>
-->
"""


def test_strict_build_rejects_a_broken_link_in_raw_html(make_project):
    root = make_project()
    about = root / "docs" / "en" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + RAW_BLOCK, encoding="utf-8")
    result = run_minka(root, "build", "--strict")
    assert result.returncode == 1
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    assert warnings == [
        "WARNING -  Doc file 'about.md' contains a link '../nowhere/' in raw HTML, "
        "but the target 'nowhere/' is not found among the site's files.",
        "WARNING -  Doc file 'about.md' contains a link '../assets/none.png' in raw HTML, "
        "but the target 'assets/none.png' is not found among the site's files.",
        "WARNING -  Doc file 'about.md' contains a link '#gone', "
        "but there is no such anchor on this page.",
        "WARNING -  Doc file 'about.md' contains a link '../practices/demo/?x=1#nowhere', "
        "but the doc 'practices/demo.md' does not contain an anchor '#nowhere'.",
    ]
    assert result.stderr.endswith("Error: Aborted with 4 warnings in strict mode!\n")
    assert not (root / "site").exists()  # the site is swapped in only when the build succeeds


def test_every_internal_link_and_anchor_resolves(built_site):
    broken = []
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 50 and {"en/404.html", "es/404.html"} <= {
        p.relative_to(built_site).as_posix() for p in pages
    }
    for page in pages:
        here = page.relative_to(built_site).as_posix()
        for tag, attribute, url in _links(page):
            problem = _check(built_site, here, url)
            if problem:
                broken.append(f"{here}: <{tag} {attribute}={url!r}>: {problem}")
    assert broken == []


@pytest.fixture(scope="module")
def subpath_url(built_site, tmp_path_factory):
    """The site built without site_url, served under a sub-path: <url>/en/ is /minka/en/."""
    folder = tmp_path_factory.mktemp("served")
    (folder / "minka").symlink_to(built_site, target_is_directory=True)
    with serve_folder(folder) as url:
        yield f"{url}/minka"


@pytest.fixture(scope="module")
def site_url_url(subpath_site):
    """The site built with site_url https://example.org/minka/, served at /minka/."""
    with serve_folder(subpath_site) as url:
        yield f"{url}/minka"


SERVED = {
    "at the root": "base_url",
    "under a sub-path": "subpath_url",
    "under a sub-path, site_url set": "site_url_url",
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("served", SERVED)
def test_404_page_is_styled_and_its_links_load_from_any_depth(page, request, served, lang):
    site = request.getfixturevalue(SERVED[served])
    home = f"{site}/{lang}/"
    failed = []  # addresses of resources that did not load
    page.on(
        "response",
        lambda r: (
            r.status >= 400 and r.request.resource_type != "document" and failed.append(r.url)
        ),
    )
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.goto(home)
    header = _header_colour(page)
    links = {}
    for missing in (m.format(lang=lang) for m in MISSING):
        response = page.goto(home + missing)
        assert response.status == 404 and page.locator("h1").count() == 1, missing
        page.wait_for_load_state("networkidle")
        assert page.locator("html").get_attribute("lang") == lang
        assert _header_colour(page) == header, f"{missing}: not styled as the other pages"
        links[missing] = page.eval_on_selector_all(
            "a[href], link[href], script[src], img[src], form[action]",
            "els => els.map(e => e.href || e.src || e.action)",
        )
    first = next(iter(links.values()))
    assert all(found == first for found in links.values())  # the same targets from any depth
    inside = sorted({url.split("#")[0] for url in first if url.startswith(f"{site}/")})
    assert any(url.endswith(f"/{lang}/practices/") for url in inside)
    broken = [url for url in inside if page.request.get(url).status != 200]
    assert broken == []
    # The header search loads its index from the language root too.
    page.locator("#minka-search-q").press_sequentially("SAMER", delay=30)
    result = page.locator("#minka-search-results .minka-result__title").first
    result.wait_for(timeout=15000)
    assert page.request.get(result.evaluate("a => a.href")).status == 200
    # Under a sub-path without site_url, Chromium first fetches the stylesheets from the
    # page's written guess (/<lang>/ at the host's root), outside the site: not counted.
    assert [url for url in failed if url.startswith(f"{site}/")] == []
    # Chromium logs each 404 response, the pages' own included; scripts must not fail.
    assert [e for e in page.console_errors if not e.startswith("Failed to load resource")] == []


def _header_colour(page) -> str:
    page.wait_for_load_state("networkidle")
    return page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")


def _check(site: Path, here: str, url: str) -> str | None:
    """Return what is wrong with a link from page `here`, or None (also for external links)."""
    parts = urlsplit(url)
    if parts.hostname in LOCAL_HOSTS:
        return "points to the reader's own machine (say a local address as text)"
    if parts.scheme or parts.netloc or url.startswith(("//", "data:")):
        return None
    if parts.path.startswith("/"):
        return (
            "expected a relative link (the site may live under a sub-path), but got an absolute one"
        )
    target = (
        posixpath.normpath(posixpath.join(posixpath.dirname(here), unquote(parts.path)))
        if parts.path
        else here
    )
    if target.startswith("../") or target == "..":
        return "points outside the site"
    path = site / target
    if path.is_dir():
        path = path / "index.html"
    if not path.is_file():
        return f"expected the file {path.relative_to(site).as_posix()}, but it does not exist"
    if parts.fragment and path.suffix == ".html":
        fragment = unquote(parts.fragment)
        if fragment not in _ids(path):
            return f"expected an element with id {fragment!r} in {path.relative_to(site)}"
    return None


def _links(page: Path) -> list[tuple[str, str, str]]:
    collector = _Collector()
    collector.feed(page.read_text(encoding="utf-8"))
    return collector.links


@functools.cache
def _ids(page: Path) -> frozenset[str]:
    collector = _Collector()
    collector.feed(page.read_text(encoding="utf-8"))
    return frozenset(collector.ids)


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        if tag == "base":
            return  # the 404 pages' own folder, from the host's root (theme/404.html)
        for name, value in attrs:
            if value is None:
                continue
            if name in LINK_ATTRIBUTES and value.strip() not in ("", "#"):
                self.links.append((tag, name, value.strip()))
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)

    handle_startendtag = handle_starttag
