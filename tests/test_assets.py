"""Light pages: one Minka stylesheet and at most one Minka script per page, deferred, bundled
and minified at build time (generator/assets.py). How fast pages are is measured by
bench/lighthouse.py, never asserted here."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from conftest import run_minka

from generator.assets import SCRIPTS, SOURCE, bundle_assets, source_files

LANGS = ("en", "es")
# Material's own files, and Pagefind's: not Minka's theme assets.
NOT_OURS = ("assets/stylesheets/", "assets/javascripts/", "pagefind/")


class _Links(HTMLParser):
    """The stylesheets and scripts a page links, and its <base>."""

    def __init__(self):
        super().__init__()
        self.base, self.styles, self.scripts = None, [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "base" and self.base is None:
            self.base = a.get("href")
        elif tag == "link" and "stylesheet" in (a.get("rel") or "").split():
            self.styles.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.scripts.append((a["src"], "defer" in a))


def _links(site: Path, page: Path) -> tuple[list[Path], list[tuple[Path, bool]]]:
    """Return the files under `site` of the page's own stylesheets and (script, deferred)."""
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    url = "http://site/" + page.relative_to(site).as_posix()
    base = urljoin(url, parser.base) if parser.base else url

    def file(href: str) -> Path:
        return site / urlsplit(urljoin(base, href)).path.lstrip("/")

    ours = [h for h in parser.styles if not any(x in h for x in NOT_OURS)]
    scripts = [(h, d) for h, d in parser.scripts if not any(x in h for x in NOT_OURS)]
    return [file(h) for h in ours], [(file(h), d) for h, d in scripts]


def test_every_page_links_one_stylesheet_and_at_most_one_deferred_script(built_site):
    pages = [p for lang in LANGS for p in sorted((built_site / lang).rglob("*.html"))]
    assert len(pages) > 2 * len(SCRIPTS)
    kinds = set()
    for page in pages:
        styles, scripts = _links(built_site, page)
        where = page.relative_to(built_site)
        assert len(styles) == 1, (where, styles)
        assert styles[0].is_file(), (where, styles[0])
        assert len(scripts) <= 1, (where, scripts)
        for script, deferred in scripts:
            assert script.is_file(), (where, script)
            assert deferred, (where, script)
            kinds.add(script.name.split(".")[0])
    assert kinds == {f"minka-{kind}" for kind in SCRIPTS}  # every bundle is some page's


def test_the_bundles_replace_their_sources_in_the_site(built_site):
    for lang in LANGS:
        assets = built_site / lang / "assets"
        assert not [n for n in source_files() if (assets / n).exists()]
        assert len(list(assets.glob("minka.*.css"))) == 1


def test_a_page_gets_the_scripts_of_its_kind_only(built_site):
    def script(path: str) -> str:
        page = built_site / "en" / path / "index.html"
        ((found, _),) = _links(built_site, page)[1]
        return found.read_text(encoding="utf-8")

    home, form = script(""), script("contribute/propose")
    record = script(
        "practices/"
        + next(
            iter(
                sorted(
                    p.name
                    for p in (built_site / "en" / "practices").iterdir()
                    if (p / "factsheet").is_dir()
                )
            )
        )
    )
    # The form's rules, the correction links, the compare page: each in its own bundle.
    assert "data-minka-rules" in form and "data-minka-rules" not in home
    assert "data-minka-correction" in record and "data-minka-correction" not in home
    assert "data-minka-compare" in script("compare") and "data-minka-compare" not in record
    # The header search box is on every page: its script is in every bundle.
    assert all("data-minka-search" in s for s in (home, form, record))


def test_bundles_hold_every_source_minified():
    bundles = bundle_assets()
    bundled = {name for names in SCRIPTS.values() for name in names}
    scripts = [n for n in source_files() if n.endswith(".js")]
    assert sorted(bundled) == scripts  # no script left out, none named twice or missing
    sources = sum((SOURCE / n).stat().st_size for n in source_files() if n.endswith(".css"))
    assert len(bundles.files[bundles.style].encode()) < 0.9 * sources
    for kind, names in SCRIPTS.items():
        size = sum((SOURCE / n).stat().st_size for n in names)
        assert len(bundles.files[bundles.scripts[kind]].encode()) < 0.9 * size, kind
    assert bundle_assets() == bundles  # the names depend on the content only


def test_an_unknown_kind_of_script_fails_the_build(make_project):
    root = make_project({"docs/en/about.md": "---\nminka_script: charts\n---\n\n# About\n"})
    result = run_minka(root, "build", "--site-dir", str(root / "out"))
    assert result.returncode == 1
    kinds = ", ".join(SCRIPTS)
    assert f"about.md: minka_script: expected one of {kinds}, but got 'charts'" in result.stderr
    assert not (root / "out").exists()
