"""The compare page: practices and methodologies side by side, and the Chorlaví typology table.

The records and what they say come from the catalog; the row names are the generator's labels.
"""

from __future__ import annotations

import json
import re
import unicodedata

import pytest
import yaml
from conftest import ROOT
from pages import LANGS
from test_languages import foreign_words, names_in

from generator.compare import METHODOLOGY, PRACTICE, ROWS
from generator.pipeline import read_project
from generator.present import labels
from generator.text import plain_text
from generator.views import render_site

CATALOG = read_project(ROOT)


def _most_applied() -> list:
    """The methodologies, the most applied first (then the most modules, then by id)."""
    return sorted(
        CATALOG.methodologies.values(),
        key=lambda m: (-len(CATALOG.uses.get(m.id, [])), -len(m.modules), m.id),
    )


def _cases_with_typology() -> list[dict]:
    cases = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in (ROOT / "cases").glob("*.yaml")]
    return [c for c in cases if c.get("typology")]


def test_typology_table_is_built_from_the_records(built_site):
    expected = _cases_with_typology()
    assert expected
    for lang in ("en", "es"):
        L = labels(lang)
        # The compare page links to the table's own page, which links back.
        compare = (built_site / lang / "compare/index.html").read_text(encoding="utf-8")
        assert f'<a href="typology/">{L["compare_typology_link"]}</a>' in compare
        assert "minka-typology" not in compare
        html = (built_site / lang / "compare/typology/index.html").read_text(encoding="utf-8")
        assert f'<a href="../">{L["compare_typology_back"]}</a>' in html
        table = html[html.index('class="minka-typology"') :]
        table = table[: table.index("</table>")]
        rows = re.findall(r'<a href="../../practices/([a-z0-9-]+)/">', table)
        assert sorted(rows) == sorted(c["id"] for c in expected)
        acopagro = next(c for c in expected if c["id"] == "acopagro")
        assert acopagro["typology"]["products"][lang].rstrip(".") in table
        for factor in acopagro["typology"]["kick_off"]:
            assert f"<li>{factor[lang]}</li>" in table


def test_without_any_typology_there_is_no_table_and_no_link(make_project):
    # The demo project's practices have no typology: no page, no link, no promise of one.
    root = make_project()
    catalog = read_project(root)
    assert not any(c.typology for c in catalog.cases.values())
    for lang in LANGS:
        pages = render_site(catalog, lang)
        assert "compare/typology.md" not in pages
        assert "typology" not in pages["compare/index.md"].split("minka-compare__config")[0]
        assert labels(lang)["compare_noscript_typology"] not in pages["compare/index.md"]


def test_each_practice_has_its_comparison_file(built_site):
    data = json.loads((built_site / "es/compare/samer.json").read_text(encoding="utf-8"))
    rows = {r["label"]: r["values"] for r in data["rows"]}
    assert data["url"] == "../practices/samer/"
    assert rows["Países"] == ["Colombia"]
    assert any("Café" in v for v in rows["Cadenas de valor"])
    assert rows["Cifras clave"] and all(
        re.search(r"\(\d{4}|\(año no indicado\)", v) for v in rows["Cifras clave"]
    )


@pytest.mark.parametrize("lang", LANGS)
def test_each_methodology_has_its_comparison_file(built_site, lang):
    L, names = labels(lang), names_in(ROOT)
    for method in CATALOG.methodologies.values():
        data = json.loads((built_site / lang / f"compare/{method.id}.json").read_text("utf-8"))
        assert (data["kind"], data["url"]) == (METHODOLOGY, f"../methodologies/{method.id}/")
        assert [r["row"] for r in data["rows"]] == [n for n, kinds in ROWS if METHODOLOGY in kinds]
        assert all(r["label"] == L["compare_rows"][r["row"]] for r in data["rows"])
        rows = {r["row"]: r["values"] for r in data["rows"]}
        orgs = CATALOG.vocab.organizations
        assert rows["owner"] == [orgs[o].name.get(lang) for o in method.owner]
        assert rows["year"] == ([str(method.year)] if method.year else [])
        assert rows["licence"] == ([method.licence] if method.licence else [])
        assert rows["modules"] == [plain_text(m.title.get(lang)) for m in method.modules]
        # One line per practice whose record names the methodology, with the modules it names.
        uses = CATALOG.uses.get(method.id, [])
        cases = {u.case for u in uses}
        assert len(rows["applied_in"]) == len(cases)
        for case_id in cases:
            title = plain_text(CATALOG.cases[case_id].title.get(lang))
            line = next(v for v in rows["applied_in"] if v.startswith(title + " ("))
            for u in uses:
                if u.case == case_id and u.module:
                    module = next(m for m in method.modules if m.id == u.module)
                    assert plain_text(module.title.get(lang)) in line
        shown = " ".join(v for values in rows.values() for v in values)
        assert foreign_words(shown, lang, names) == [], method.id


def _lists_written(page) -> None:
    """Wait until the lists to choose from are in: compare.js writes them from _choices.json."""
    page.wait_for_selector('.minka-compare__groups[aria-busy="false"]')


def _listed(page, kind: str) -> list[tuple[str, str]]:
    """(id, text) of every choice the page lists under `kind`, in order."""
    return page.eval_on_selector_all(
        f'.minka-compare__choices[data-kind="{kind}"] input[name="ids"]',
        "boxes => boxes.map(b => [b.value, b.closest('label').textContent])",
    )


def _expected_choices(lang: str) -> dict[str, list]:
    """Every record of the catalog, by kind, as the lists show it: sorted by title."""
    titled = [
        (kind, rec.id, plain_text(rec.title.get(lang)))
        for kind, records in (
            (PRACTICE, CATALOG.cases.values()),
            (METHODOLOGY, CATALOG.methodologies.values()),
        )
        for rec in records
    ]
    return {
        kind: [(i, t) for k, i, t in sorted(titled, key=lambda x: x[2].lower()) if k == kind]
        for kind in (PRACTICE, METHODOLOGY)
    }


def test_the_page_holds_no_record_only_the_size_of_each_list(built_site):
    # The lists are data (compare/_choices.json): the page stays the same size however many
    # records there are, and keeps each list's room from the number it gives.
    for lang in LANGS:
        html = (built_site / lang / "compare/index.html").read_text(encoding="utf-8")
        picker = html[html.index("minka-compare__choose") : html.index("minka-compare__status")]
        assert 'name="ids"' not in picker
        counts = dict(re.findall(r'data-kind="(\w+)" style="--minka-count: (\d+)"', picker))
        assert counts == {
            PRACTICE: str(len(CATALOG.cases)),
            METHODOLOGY: str(len(CATALOG.methodologies)),
        }
        data = json.loads((built_site / lang / "compare/_choices.json").read_text("utf-8"))
        assert {kind: [(c[0], c[1]) for c in data[kind]] for kind in data} == _expected_choices(
            lang
        )


@pytest.mark.parametrize("lang", LANGS)
def test_the_lists_name_every_record_filter_and_compare(page, base_url, lang):
    L = labels(lang)
    page.goto(f"{base_url}/{lang}/compare/")
    _lists_written(page)
    expected = _expected_choices(lang)
    for kind in (PRACTICE, METHODOLOGY):
        listed = _listed(page, kind)
        assert [i for i, _ in listed] == [i for i, _ in expected[kind]]
        assert all(t in text for (_, text), (_, t) in zip(listed, expected[kind], strict=True))
    # Each list is a group of its own, named by its legend, and so is the whole chooser;
    # each box is named by its record's title.
    assert page.locator(".minka-compare__choose > legend").inner_text() == L["compare_choose"]
    legends = page.locator(".minka-compare__group legend").all_inner_texts()
    assert legends == [L["practices"], L["methodologies"]]
    for kind in (PRACTICE, METHODOLOGY):
        record_id, title = expected[kind][0]
        named = page.get_by_role("checkbox", name=title).all()
        assert record_id in [b.get_attribute("value") for b in named]
    assert page.locator(".minka-compare__status").inner_text() == L["compare_empty"]
    # The filter keeps the records whose line says the word (any case, any accents), in
    # either list, and hides the others.
    lines = {i: text for kind in expected for i, text in _listed(page, kind)}
    practice, method = expected[PRACTICE][-1], expected[METHODOLOGY][0]
    word = max(re.findall(r"\w+", practice[1]), key=len)
    page.locator(".minka-compare__filter input").fill(word.upper())
    visible = page.eval_on_selector_all(
        '.minka-compare__choices li:not([hidden]) input[name="ids"]', "bs => bs.map(b => b.value)"
    )
    assert set(visible) == {i for i, text in lines.items() if _fold(word) in _fold(text)}
    assert practice[0] in visible and len(visible) < len(lines)
    page.locator(f'input[name="ids"][value="{practice[0]}"]').check()
    page.locator(".minka-compare__filter input").fill("")
    page.locator(f'input[name="ids"][value="{method[0]}"]').check()
    page.wait_for_function(
        "document.querySelectorAll('.minka-compare__scroll thead th').length == 2"
    )
    assert _columns(page) == [practice[1], method[1]]
    assert re.search(rf"\?ids={practice[0]},{method[0]}$", page.url)
    assert page.console_errors == []


@pytest.mark.parametrize("lang", LANGS)
def test_nothing_below_the_lists_moves_when_they_arrive(browser, base_url, lang):
    # The page keeps the lists' room: the status line under them is where it is before
    # compare.js writes them (here: never, without JavaScript) and once they are in.
    def status_top(javascript: bool) -> float:
        context = browser.new_context(
            java_script_enabled=javascript, viewport={"width": 412, "height": 900}
        )
        page = context.new_page()
        page.goto(f"{base_url}/{lang}/compare/")
        if javascript:
            _lists_written(page)
        top = page.locator(".minka-compare__status").bounding_box()["y"]
        context.close()
        return top

    assert status_top(javascript=True) == status_top(javascript=False)


@pytest.mark.parametrize("lang", LANGS)
def test_a_long_list_is_written_whole_once_the_reader_turns_to_it(page, base_url, lang):
    # More practices than a list writes at once (50): the catalog's, again and again under
    # other ids (listing them needs no comparison file).
    served = {}

    def longer(route):
        data = route.fetch().json()
        own = data[PRACTICE]
        data[PRACTICE] = [
            [f"{c[0]}-{n}", c[1], c[2]] for n in range(60 // len(own) + 2) for c in own
        ]
        served.update(data)
        route.fulfill(json=data)

    page.route("**/compare/_choices.json", longer)
    page.goto(f"{base_url}/{lang}/compare/")
    _lists_written(page)
    lists = page.locator(".minka-compare__groups")
    practices = page.locator(f'.minka-compare__choices[data-kind="{PRACTICE}"]')
    assert practices.locator('input[name="ids"]').count() == 50
    assert lists.get_attribute("data-written") == "part"
    # The button at the end writes the rest; the focus goes to the first record it brought.
    more = practices.locator(".minka-compare__more button")
    assert more.text_content() == labels(lang)["compare_more"]
    more.press("Enter")
    page.wait_for_selector('.minka-compare__groups[data-written="all"]')
    ids = [c[0] for c in served[PRACTICE]]
    assert practices.locator('input[name="ids"]').evaluate_all("bs => bs.map(b => b.value)") == ids
    assert page.evaluate("document.activeElement.value") == ids[50]
    assert practices.locator(".minka-compare__more").count() == 0
    # Typing in the filter writes the whole list too, and filters all of it.
    page.goto(f"{base_url}/{lang}/compare/")
    _lists_written(page)
    page.locator(".minka-compare__filter input").fill(served[PRACTICE][-1][1])
    page.wait_for_selector('.minka-compare__groups[data-written="all"]')
    assert served[PRACTICE][-1][0] in page.eval_on_selector_all(
        '.minka-compare__choices li:not([hidden]) input[name="ids"]', "bs => bs.map(b => b.value)"
    )
    assert page.console_errors == []


def test_lists_that_cannot_load_say_so(page, base_url):
    # A lost connection: the reader is told, and the lists are no longer marked as loading.
    page.route("**/compare/_choices.json", lambda route: route.fulfill(status=503))
    page.goto(f"{base_url}/es/compare/?ids=samer")
    _lists_written(page)
    status = page.locator(".minka-compare__status")
    status.filter(has_text=labels("es")["compare_failed"]).wait_for()
    assert page.locator('input[name="ids"]').count() == 0


def _fold(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFD", text.lower()) if not unicodedata.combining(c)
    )


def _columns(page) -> list[str]:
    page.wait_for_selector(".minka-compare__scroll table")
    return page.locator(".minka-compare__scroll table thead th a").all_inner_texts()


def test_choose_practices_share_the_url_and_restore_it(page, base_url):
    page.goto(f"{base_url}/en/compare/")
    _lists_written(page)
    page.locator('input[name="ids"][value="samer"]').check()
    # One alone is shown, with a word on choosing another to set beside it.
    assert len(_columns(page)) == 1
    assert page.locator(".minka-compare__status").inner_text() == labels("en")["compare_one"]
    page.locator('input[name="ids"][value="apomipe"]').check()
    page.wait_for_function(
        "document.querySelectorAll('.minka-compare__scroll thead th').length == 2"
    )
    columns = _columns(page)
    assert len(columns) == 2 and any("SAMER" in c for c in columns)
    assert re.search(r"\?ids=samer,apomipe$|\?ids=apomipe,samer$", page.url)
    rows = page.locator(".minka-compare__scroll table tbody th").all_inner_texts()
    assert rows[:2] == ["Countries", "Period"] and "Key figures" in rows
    # The shared URL restores the same comparison, in the other language too.
    page.goto(page.url.replace("/en/", "/es/"))
    assert len(_columns(page)) == 2
    _lists_written(page)
    assert page.locator('input[name="ids"][value="samer"]').is_checked()
    assert page.locator(".minka-compare__scroll table tbody th").first.inner_text() == "Países"
    # At four, the others are disabled; removing one frees them.
    for pid in ("acopagro", "ammucale"):
        page.locator(f'input[name="ids"][value="{pid}"]').check()
    page.wait_for_function(
        "document.querySelectorAll('.minka-compare__scroll table thead th').length == 4"
    )
    assert page.locator('input[name="ids"][value="ser"]').is_disabled()
    page.locator(".minka-compare__remove").first.click()
    page.wait_for_function(
        "document.querySelectorAll('.minka-compare__scroll table thead th').length == 3"
    )
    assert not page.locator('input[name="ids"][value="ser"]').is_disabled()
    assert page.console_errors == []


def test_list_filter_ignores_accents(page, base_url):
    page.goto(f"{base_url}/es/compare/")
    _lists_written(page)
    page.locator(".minka-compare__filter input").fill("narino")
    visible = page.locator(".minka-compare__choices li:visible")
    assert visible.count() == 1 and "SAMER" in visible.inner_text()


def _rows_shown(page) -> list[str]:
    return page.locator(".minka-compare__scroll tbody th[scope=row]").all_inner_texts()


def _rows_filled(built_site, lang: str, ids: list[str]) -> list[str]:
    """The row names a comparison of `ids` shows: every row one of them fills, in ROWS order."""
    records = [
        json.loads((built_site / lang / f"compare/{i}.json").read_text("utf-8")) for i in ids
    ]
    filled = {r["row"] for rec in records for r in rec["rows"] if r["values"]}
    return [labels(lang)["compare_rows"][n] for n, _ in ROWS if n in filled]


@pytest.mark.parametrize("lang", LANGS)
def test_a_methodology_page_opens_the_comparison_with_it_chosen(page, base_url, built_site, lang):
    L = labels(lang)
    first, second = _most_applied()[:2]
    page.goto(f"{base_url}/{lang}/methodologies/{first.id}/")
    page.locator("nav.minka-actions a", has_text=L["action_compare"]).click()
    page.wait_for_url(re.compile(rf"/compare/\?ids={re.escape(first.id)}$"))
    _lists_written(page)
    chosen = page.locator('.minka-compare__choices input[name="ids"]:checked')
    assert [b.get_attribute("value") for b in chosen.all()] == [first.id]
    # The methodology is shown alone, with its own rows, before a second is chosen.
    assert _columns(page) == [plain_text(first.title.get(lang))]
    assert page.locator(".minka-compare__status").inner_text() == L["compare_one"]
    assert _rows_shown(page) == _rows_filled(built_site, lang, [first.id])
    modules = page.locator(
        ".minka-compare__scroll tbody tr", has_text=L["compare_rows"]["modules"]
    ).inner_text()
    assert all(plain_text(m.title.get(lang)) in modules for m in first.modules)
    # A second methodology: two columns of the same kind, no groups, nothing "not applicable".
    page.locator(f'input[name="ids"][value="{second.id}"]').check()
    page.wait_for_function(
        "document.querySelectorAll('.minka-compare__scroll thead th').length == 2"
    )
    assert sorted(_columns(page)) == sorted(plain_text(m.title.get(lang)) for m in (first, second))
    assert _rows_shown(page) == _rows_filled(built_site, lang, [first.id, second.id])
    assert (
        page.locator(".minka-compare__group-row, .minka-compare__na, .minka-compare__note").count()
        == 0
    )
    assert re.search(rf"\?ids=({first.id},{second.id}|{second.id},{first.id})$", page.url)
    assert page.console_errors == []


@pytest.mark.parametrize("lang", LANGS)
def test_a_practice_beside_a_methodology_groups_the_rows_each_kind_has(
    page, base_url, built_site, lang
):
    L, rows = labels(lang), labels(lang)["compare_rows"]
    method = _most_applied()[0]
    case = CATALOG.cases[CATALOG.uses[method.id][0].case]  # a practice that applied it
    page.goto(f"{base_url}/{lang}/compare/?ids={method.id},{case.id}")
    page.wait_for_selector(".minka-compare__scroll table")
    # Practices come first, each column says what kind of record it is.
    assert _columns(page) == [plain_text(r.title.get(lang)) for r in (case, method)]
    assert page.locator(".minka-compare__kind").all_inner_texts() == [
        L["practice"],
        L["methodology"],
    ]
    assert page.locator(".minka-compare__note").inner_text() == L["compare_mixed_note"]
    assert page.locator(".minka-compare__group-row").all_inner_texts() == [
        L["compare_group_shared"],
        L["compare_group_practice"],
        L["compare_group_methodology"],
    ]
    shown = _rows_shown(page)
    assert sorted(shown) == sorted(_rows_filled(built_site, lang, [case.id, method.id]))
    kinds = dict(ROWS)
    shared = [rows[n] for n, k in ROWS if len(k) > 1]
    order = [0 if r in shared else 1 if PRACTICE in kinds[_row(rows, r)] else 2 for r in shown]
    assert order == sorted(order)
    # A row the record's kind lacks says so; the two records name each other.
    for tr in page.locator(".minka-compare__scroll tbody tr:not(.minka-compare__group-row)").all():
        cells = tr.locator("td").all_inner_texts()
        own = kinds[_row(rows, tr.locator("th").inner_text())]
        for kind, cell in zip((PRACTICE, METHODOLOGY), cells, strict=True):
            assert (cell == L["compare_not_applicable"]) == (kind not in own)
    used = page.locator(
        ".minka-compare__scroll tbody tr", has_text=rows["methodologies_used"]
    ).inner_text()
    assert plain_text(method.title.get(lang)) in used
    applied = page.locator(
        ".minka-compare__scroll tbody tr", has_text=rows["applied_in"]
    ).inner_text()
    assert plain_text(case.title.get(lang)) in applied
    # Everything the comparison says is in the page's language.
    text = page.locator(".minka-compare").inner_text()
    assert foreign_words(text, lang, names_in(ROOT)) == []
    assert page.console_errors == []


def _row(labels_by_row: dict, label: str) -> str:
    return next(n for n, text in labels_by_row.items() if text == label)
