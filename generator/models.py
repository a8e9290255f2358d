"""Pydantic models of Minka's records, made of the types of `fields.py`: shapes only, no I/O.

Checks that need more than one field's value (vocabulary terms, ISO and SDG
codes, references between records) live in `validate.py` and `catalog.py`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    BeforeValidator,
    ConfigDict,
    Field,
    model_validator,
)

from .fields import (
    CountryCode,
    Email,
    Lang,
    LocalName,
    MethodRefText,
    Model,
    PartialDate,
    PastYear,
    PlainText,
    Quantity,
    Slug,
    Slugs,
    Text,
    Title,
    Url,
    Year,
)


class Item(Model):
    """A titled point of a section: an innovation factor, a challenge, a conclusion."""

    title: Text
    text: Text | None = None


class Period(Model):
    start: Year
    end: Year | None = None
    ongoing: bool = False

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"expected end >= start ({self.start}), but got {self.end}")
        if self.end is not None and self.ongoing:
            raise ValueError("expected either end or ongoing: true, but got both")
        return self


class Coordinates(Model):
    place: PlainText
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


MarketReach = Literal["local", "regional", "national", "international"]
Transaction = Literal["formal", "informal"]


class Market(Model):
    """Market reached and transaction type, as in the Chorlaví typology."""

    reach: list[MarketReach] = []
    transactions: list[Transaction] = []


class Typology(Model):
    """The Chorlaví typology of a rural business experience (Table 1 of the synthesis)."""

    actors: Text | None = None
    products: Text | None = None
    kick_off: list[Text] = []
    access: list[Text] = []
    sustainability: list[Text] = []
    source: Slug | None = None


OrgRole = Literal["partner", "funder", "evaluator", "ally", "implementer"]


class Partner(Model):
    org: Slug
    role: OrgRole = "partner"


def _partner(value: object) -> object:
    """Let editors write a bare organization id for the common 'partner' role."""
    return {"org": value} if isinstance(value, str) else value


class Funding(Model):
    funder: Slug | None = None
    description: Text | None = None
    amount: Quantity | None = None
    currency: str | None = Field(None, description="ISO 4217 code, e.g. USD")
    per: Literal["year", "month", "total"] | None = None
    year: Year | None = None
    source: Slug | None = None

    @model_validator(mode="after")
    def _amount_has_currency(self) -> Funding:
        if self.amount is not None and not self.currency:
            raise ValueError("expected a currency with the amount, but got none")
        if self.funder is None and self.description is None:
            raise ValueError("expected a funder or a description, but got neither")
        return self


class Beneficiaries(Model):
    type: Text
    number: Quantity | None = None
    year: Year | None = None
    source: Slug | None = None


class Objectives(Model):
    general: Text | None = None
    specific: list[Text] = []


class Phase(Model):
    year: Year
    end: Year | None = None
    title: Text | None = None
    text: Text


class SuccessFactor(Model):
    """A replicable building block of a practice, with what enables it and what was learned."""

    id: Slug
    title: Text
    text: Text | None = None
    enabling_factors: list[Text] = []
    lessons: list[Text] = []


class Story(Model):
    title: Text
    text: Text
    place: LocalName | None = None


class KeyFigure(Model):
    value: Quantity
    unit: Text | None = None
    currency: str | None = Field(None, description="ISO 4217 code when the figure is money")
    label: Text
    year: PastYear | None = None
    period: Period | None = None
    approximate: bool = False
    source: Slug

    @model_validator(mode="after")
    def _unit_or_currency(self) -> KeyFigure:
        # A figure is a count of something or an amount of money: never both, never neither.
        if (self.unit is None) == (self.currency is None):
            got = "neither" if self.unit is None else "both"
            raise ValueError(f"expected either a unit or a currency, but got {got}")
        return self


class BreakdownItem(Model):
    label: Text
    value: Quantity


class Breakdown(Model):
    """A figure split into parts (e.g. networks per value chain), drawn as a bar chart."""

    title: Text
    unit: Text
    year: Year | None = None
    source: Slug
    items: list[BreakdownItem] = Field(min_length=2)


class Source(Model):
    id: Slug
    title: PlainText
    publisher: PlainText | None = None
    author: PlainText | None = None
    date: PartialDate | None = None
    url: Url | None = None
    language: Lang | None = None


class Sdg(Model):
    goals: list[int] = []
    targets: list[str] = []
    indicators: list[str] = []
    # Whose classification it is: the source's own claim, or Minka's editors' reading of the
    # practice. Left out, the page says it is not recorded (never assumed to be the source's).
    assigned_by: Literal["source", "editors"] | None = None


class ValueAdded(Model):
    """The five value-added categories APC-Colombia uses for South-South practices."""

    knowledge: Text | None = None
    relationships: Text | None = None
    visibility: Text | None = None
    sdg_alignment: Text | None = None
    differential_focus: Text | None = None


ExchangeForm = Literal[
    "expert-visit", "learning-route", "technical-assistance", "internship", "virtual"
]
ExchangeStatus = Literal[
    "interest", "request", "formulation", "agreement", "execution", "evaluation", "closed"
]


class PastExchange(Model):
    partner_country: CountryCode | None = None
    partner: Text | None = None
    year: Year | None = None
    form: ExchangeForm | None = None
    status: ExchangeStatus
    text: Text | None = None
    source: Slug | None = None


class Contact(Model):
    organization: Slug
    email: Email | None = None
    phone: PlainText | None = None
    url: Url | None = None


class Award(Model):
    title: Text
    year: Year | None = None
    by: Slug | None = None
    text: Text | None = None
    source: Slug | None = None


class Exchange(Model):
    offer: Text | None = None
    exchanges: list[PastExchange] = []
    interested_countries: list[CountryCode] = []
    contact: Contact | None = None
    recognition: list[Award] = []


class Link(Model):
    title: Text
    url: Url


class Record(Model):
    """Fields every record has, case or methodology."""

    schema_: str | None = Field(None, alias="$schema", exclude=True)
    id: Slug
    title: Title
    acronym: PlainText | None = None
    original_language: Lang
    status: Literal["draft", "published"] = "published"
    documented: PartialDate | None = None
    summary: Text
    themes: list[Slug] = []
    countries: list[CountryCode] = []
    key_figures: list[KeyFigure] = []
    sources: list[Source] = []
    see_also: list[Link] = []

    model_config = ConfigDict(populate_by_name=True)


class Case(Record):
    """A good practice: one file `cases/<id>.yaml`."""

    kind: Literal["program", "network", "cooperative", "association", "policy", "study"]
    countries: list[CountryCode] = Field(min_length=1)
    places: list[LocalName] = []
    region: Slug | None = None
    coordinates: list[Coordinates] = []
    period: Period | None = None
    value_chains: list[Slug] = []
    populations: list[Slug] = []
    market: Market | None = None
    typology: Typology | None = None
    lead: Slugs = []
    partners: list[Annotated[Partner, BeforeValidator(_partner)]] = []
    funding: list[Funding] = []
    beneficiaries: list[Beneficiaries] = []
    context: Text | None = None
    problem: Text | None = None
    objectives: Objectives | None = None
    solution: Text | None = None
    phases: list[Phase] = []
    results: Text | None = None
    inclusion: Text | None = None
    innovation_factors: list[Item] = []
    success_factors: list[SuccessFactor] = []
    challenges: list[Item] = []
    lessons: list[Item] = []
    conclusions: list[Item] = []
    prospects: Text | None = None
    public_policy: list[Item] = []
    relational_factor: Text | None = None
    stories: list[Story] = []
    breakdowns: list[Breakdown] = []
    sdg: Sdg | None = None
    value_added: ValueAdded | None = None
    methodologies: list[MethodRefText] = Field(
        [], description="methodology ids, optionally down to a module: 'tropenbos#characterization'"
    )
    exchange: Exchange | None = None
    related: list[Slug] = []


class Module(Model):
    id: Slug
    title: Text
    purpose: Text | None = None
    duration: Text | None = None


class Delivery(Model):
    format: Text | None = None
    duration: Text | None = None


class RelatedMethodology(Model):
    id: Slug
    relation: Literal["precedes", "follows", "adapts", "adapted-by", "related"] = "related"


class Adaptation(Model):
    by: Slug
    countries: list[CountryCode] = []
    year: Year | None = None
    text: Text
    source: Slug | None = None


class CitationOverride(Model):
    authors: list[PlainText] = []
    title: PlainText | None = None
    publisher: PlainText | None = None
    year: Year | None = None


class Methodology(Record):
    """A training or intervention method: one file `methodologies/<id>.yaml`."""

    owner: Slugs = []
    year: Year | None = None
    licence: PlainText | None = None
    languages: list[Lang | PlainText] = []
    audience: Text | None = None
    modules: list[Module] = []
    delivery: Delivery | None = None
    prerequisites: Text | None = None
    related_methodologies: list[
        Annotated[
            RelatedMethodology, BeforeValidator(lambda v: {"id": v} if isinstance(v, str) else v)
        ]
    ] = []
    adaptations: list[Adaptation] = []
    citation: CitationOverride | None = None
