"""Hub pages count what the catalog holds, practices and methodologies apart, in the words and
plural forms of the page's language, and agree with the counts the explore page shows."""

from __future__ import annotations

import re
from html import unescape

import pytest
from conftest import MINIMAL_CASE, ROOT, run_minka

from generator import reference
from generator.pipeline import read_project
from generator.present import hub_path, labels, plural

FACETED = {
    "countries": "country",
    "themes": "theme",
}  # hub kind -> explore facet of the same values


@pytest.fixture(scope="module")
def catalog():
    return read_project(ROOT)


def _expected_groups(catalog, ids: list[str], lang: str) -> list[tuple[str, list[str]]]:
    """[(heading, record ids)] a hub page shows: practices, then methodologies, if any."""
    L = labels(lang)
    groups = [
        ("practices", [i for i in ids if i in catalog.cases]),
        ("methodologies", [i for i in ids if i in catalog.methodologies]),
    ]
    return [
        (plural(L["counts"][what], len(members), lang), members)
        for what, members in groups
        if members
    ]


def _text(html: str) -> str:
    """The words of an HTML fragment as a reader sees them (inline tags join, blocks part)."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"</?(a|span|em|strong|code|abbr|b|i)\b[^>]*>", "", html)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).replace("¶", "").split())


def _name(catalog, kind: str, key: str, lang: str) -> str:
    if kind == "countries":
        return reference.country_name(key, lang)
    return catalog.vocab.term(kind, key).model_dump()[lang]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_hub_pages_count_practices_and_methodologies_apart(built_site, catalog, lang):
    for kind, members in catalog.hubs.items():
        if kind == "organizations":  # grouped by role instead: leads, partner in, owns...
            continue
        for key, ids in members.items():
            page = (built_site / lang / hub_path(kind, key)[:-3] / "index.html").read_text("utf-8")
            main = page.split("<article", 1)[1].split("</article>", 1)[0]
            shown = []
            for chunk in re.split(r"<h2[^>]*>", main)[1:]:
                heading = _text(chunk.split("</h2>", 1)[0])
                cards = re.findall(
                    r'class="minka-card__title" href="([^"]+)"|'
                    r'href="([^"]+)" class="minka-card__title"',
                    chunk,
                )
                shown.append(
                    (
                        heading.lower(),
                        [next(filter(None, c)).rstrip("/").split("/")[-1] for c in cards],
                    )
                )
            assert shown == [
                (h.lower(), sorted(i)) for h, i in _expected_groups(catalog, ids, lang)
            ], (lang, kind, key)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_hub_indexes_give_each_entry_its_counts(built_site, catalog, lang):
    for kind, members in catalog.hubs.items():
        if kind in ("organizations", "sdgs"):
            continue
        text = _text((built_site / lang / kind / "index.html").read_text("utf-8"))
        for key, ids in members.items():
            counts = ", ".join(h for h, _ in _expected_groups(catalog, ids, lang))
            assert f"{_name(catalog, kind, key, lang)}: {counts}" in text, (lang, kind, key)


_COUNTED = re.compile(
    r"(?<![\d.,])1 (practices|methodologies|countries|organizations|records|"
    r"results|exchanges|prácticas|metodologías|países|organizaciones|"
    r"registros|resultados|intercambios)\b"
)


def test_no_page_says_one_of_a_plural(built_site):
    for page in built_site.rglob("*.html"):
        found = _COUNTED.search(_text(page.read_text("utf-8")))
        assert not found, f"{page.relative_to(built_site)}: {found.group()!r}"


def test_numbers_take_the_plural_of_their_language():
    L_en, L_es = labels("en")["counts"], labels("es")["counts"]
    assert plural(L_en["practices"], 1, "en") == "1 practice"
    assert plural(L_en["practices"], 2, "en") == "2 practices"
    assert plural(L_es["practices"], 1, "es") == "1 práctica"
    assert plural(L_es["countries"], 0, "es") == "0 países"
    assert plural(L_es["methodologies"], 1800, "es") == "1.800 metodologías"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_explore_counts_agree_with_the_hubs(page, base_url, catalog, lang):
    page.goto(f"{base_url}/{lang}/explore/")
    for kind, facet in FACETED.items():
        group = page.locator(f'.minka-facet[data-facet="{facet}"]')
        if not group.evaluate("g => g.open"):
            group.locator("summary").click()
        group.locator(".minka-facet__count").first.wait_for(timeout=15000)
        shown = dict(
            zip(
                group.locator(".minka-facet__value").all_inner_texts(),
                map(int, group.locator(".minka-facet__count").all_inner_texts()),
                strict=False,
            )
        )
        expected = {
            _name(catalog, kind, key, lang): len(ids) for key, ids in catalog.hubs[kind].items()
        }
        assert shown == expected, (lang, facet)


def test_an_organization_named_only_as_contact_is_named_without_a_link(make_project):
    """An organization with no role in any record has no hub: a practice whose contact it is
    still builds strictly, and its pages name it as text instead of linking nowhere."""
    case = MINIMAL_CASE + (
        "exchange:\n  contact:\n    organization: sena\n    email: someone@example.org\n"
    )
    root = make_project({"cases/demo.yaml": case})
    site = root / "site"
    result = run_minka(root, "build", "--strict", "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    assert not (site / "en" / "organizations" / "sena").exists()
    name = read_project(root).vocab.organizations["sena"].name.en
    for page in ("practices/demo", "practices/demo/factsheet"):
        html = (site / "en" / page / "index.html").read_text("utf-8")
        assert name in unescape(html), page
        assert "organizations/sena/" not in html, page
