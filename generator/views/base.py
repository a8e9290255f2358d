"""The view of one language: the catalog, the labels, and the small formatters that every
page kind uses (record texts with their translation notes, links, organizations, countries)."""

from __future__ import annotations

from markupsafe import Markup, escape

from .. import cite, citepage, reference
from ..catalog import Catalog
from ..fields import Text
from ..models import Case, Methodology
from ..present import href, hub_path, labels, plain, plural, rel


class View:
    """What a page of one language is made from; page views are functions of it."""

    def __init__(
        self,
        catalog: Catalog,
        lang: str,
        similar: dict[str, list[str]],
        site: cite.Site | None = None,
    ):
        self.catalog = catalog
        self.site = site or cite.Site()
        self.similar = similar
        self.lang = lang
        self.L = labels(lang)
        self.cards: dict[str, dict] = {}  # record id -> its card but the link; views.record
        self._cite_boxes: dict[str, dict] = {}  # record id -> citepage.cite_box
        # Raw HTML blocks made once per build, filled in on each page (stencil.py).
        self.stencils: dict = {}
        # Names every page repeats, made once per view: (vocabulary, id) -> the term's name,
        # organization id -> `org` (a model dump and Markdown escaping each time, 4% of a
        # practice's page).
        self._term_names: dict[tuple[str, str], str] = {}
        self._orgs: dict[str, str] = {}

    def cite_box(self, rec) -> dict:
        """The record's citation box, made once: its page and its factsheet both show it,
        and it renders APA three times or more (a quarter of the Markdown rendering). Kept
        until the second of them takes it: with every download's text in its link, the
        boxes of 5,000 records held to the end were some 100 MB of a language's build."""
        if rec.id in self._cite_boxes:
            return self._cite_boxes.pop(rec.id)
        box = self._cite_boxes[rec.id] = citepage.cite_box(rec, self.catalog, self.lang, self.site)
        return box

    def count(self, what: str, n: int) -> str:
        """Say how many: "1 practice", "12 prácticas"."""
        return plural(self.L["counts"][what], n, self.lang)

    def count_with(self, forms: dict[str, str], n: int) -> str:
        """Say how many with a label's own plural forms."""
        return plural(forms, n, self.lang)

    def by_kind(self, ids: list[str]) -> dict[str, list[str]]:
        """Split record ids into {"practices": [...], "methodologies": [...]}."""
        return {
            "practices": [i for i in ids if i in self.catalog.cases],
            "methodologies": [i for i in ids if i in self.catalog.methodologies],
        }

    def common(self, here: str) -> dict:
        return {
            "L": self.L,
            "lang": self.lang,
            "home": rel(here, "index.md"),
            "practices_index": rel(here, "practices/index.md"),
            "methodologies_index": rel(here, "methodologies/index.md"),
        }

    def text(self, value: Text | None) -> dict | None:
        """Return {'text': Markdown, 'lang': code or '', 'note': missing-translation note}."""
        if value is None:
            return None
        if value.translated(self.lang):
            return {"text": Markup(value.get(self.lang)), "lang": "", "note": ""}
        original = value.stand_in(self.lang)  # the record's original language, if it has one
        language = self.L["language_names"][original]
        return {
            "text": Markup(value.get(original)),
            "lang": original,
            "note": self.L["not_translated"].format(language=language),
        }

    def foreign(self, lang: str | None) -> str:
        """Return `lang` when it is not the page's: the value for a `lang` attribute."""
        return lang if lang and lang != self.lang else ""

    def name(self, value: Text | None) -> dict | None:
        """Like `text`, for a name shown as written (no Markdown): safe in a table cell."""
        shown = self.text(value)
        return shown and {**shown, "text": plain(shown["text"])}

    def link(self, record_id: str, here: str) -> dict:
        rec = self.catalog.record(record_id)
        folder = "practices" if isinstance(rec, Case) else "methodologies"
        return {
            "title": Markup(rec.title.get(self.lang)),
            "url": rel(here, f"{folder}/{record_id}.md"),
            "href": href(here, f"{folder}/{record_id}.md"),
        }

    def module_title(self, method: Methodology, module_id: str) -> str:
        module = next(m for m in method.modules if m.id == module_id)
        return module.title.get(self.lang)

    def term_name(self, vocabulary: str, term_id: str) -> str:
        """The name of a term of a vocabulary in the view's language."""
        key = (vocabulary, term_id)
        if key not in self._term_names:
            term = self.catalog.vocab.term(vocabulary, term_id)
            self._term_names[key] = term.model_dump()[self.lang]
        return self._term_names[key]

    def org(self, org_id: str) -> Markup:
        """An organization's name for Markdown (`plain`); `org_name` is the text itself."""
        if org_id not in self._orgs:
            name, acronym = self._org_parts(org_id)
            self._orgs[org_id] = (
                Markup(f"{plain(name)} ({plain(acronym)})") if acronym else plain(name)
            )
        return self._orgs[org_id]

    def org_name(self, org_id: str) -> str:
        """An organization's name and acronym as a reader sees them: plain text, which HTML
        (Jinja's autoescape, `escape`) and Markdown (`plain`) each escape their own way."""
        name, acronym = self._org_parts(org_id)
        return f"{name} ({acronym})" if acronym else name

    def _org_parts(self, org_id: str) -> tuple[str, str]:
        """The name, and the acronym where the name does not already hold it."""
        org = self.catalog.vocab.organizations[org_id]
        name = org.name.get(self.lang)
        acronym = org.acronym.get(self.lang) if org.acronym else ""
        return name, "" if acronym in name else acronym

    def org_links(self, ids: list[str], here: str) -> str:
        """Name the organizations, each linked to its hub when it has one (an organization
        only a record's contact names has no role, so no hub)."""
        hubs = self.catalog.hubs["organizations"]
        return ", ".join(
            f"[{self.org(o)}]({rel(here, hub_path('organizations', o))})"
            if o in hubs
            else self.org(o)
            for o in ids
        )

    def term_links(self, vocabulary: str, ids: list[str], here: str) -> str:
        return ", ".join(self.term_link_list(vocabulary, ids, here))

    def term_link_list(self, vocabulary: str, ids: list[str], here: str) -> list[str]:
        return [
            f"[{plain(self.term_name(vocabulary, t))}]({rel(here, hub_path(vocabulary, t))})"
            for t in ids
        ]

    def country_links(self, codes: list[str], here: str) -> str:
        """Link each country to its hub, where it has one (an organization's may not)."""
        return ", ".join(
            f"[{plain(reference.country_name(c, self.lang))}]({rel(here, hub_path('countries', c))})"
            if c in self.catalog.hubs["countries"]
            else plain(reference.country_name(c, self.lang))
            for c in codes
        )

    # The same links as HTML, for the raw HTML of record pages (present.raw_html): their
    # URLs are final (`href`), as MkDocs rewrites no link there.

    def org_links_html(self, ids: list[str], here: str) -> Markup:
        hubs = self.catalog.hubs["organizations"]
        return Markup(", ").join(
            _a(href(here, hub_path("organizations", o)), self.org_name(o))
            if o in hubs
            else escape(self.org_name(o))
            for o in ids
        )

    def term_link_list_html(self, vocabulary: str, ids: list[str], here: str) -> list[Markup]:
        return [
            _a(
                href(here, hub_path(vocabulary, t)),
                self.term_name(vocabulary, t),
            )
            for t in ids
        ]

    def country_links_html(self, codes: list[str], here: str) -> Markup:
        return Markup(", ").join(
            _a(href(here, hub_path("countries", c)), reference.country_name(c, self.lang))
            if c in self.catalog.hubs["countries"]
            else escape(reference.country_name(c, self.lang))
            for c in codes
        )

    def orgs(self, ids: list[str]) -> str:
        return Markup(", ".join(self.org(o) for o in ids))

    def terms(self, vocabulary: str, ids: list[str]) -> str:
        return ", ".join(plain(self.term_name(vocabulary, t)) for t in ids)

    def countries(self) -> set[str]:
        return {c for case in self.catalog.cases.values() for c in case.countries}

    def countries_text(self, codes: list[str]) -> Markup:
        """The countries' names for Markdown (`plain`)."""
        return plain(self.country_names(codes))

    def country_names(self, codes: list[str]) -> str:
        """The countries' names as plain text."""
        return ", ".join(reference.country_name(c, self.lang) for c in codes)

    def period(self, period) -> str:
        if period.end:
            return (
                f"{period.start}–{period.end}" if period.end != period.start else str(period.start)
            )
        if period.ongoing:
            return f"{self.L['since']} {period.start} ({self.L['ongoing']})"
        return f"{self.L['since']} {period.start}"


def _a(url: str, text: str) -> Markup:
    return Markup('<a href="{}">{}</a>').format(url, text)
