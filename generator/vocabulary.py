"""Pydantic models of the controlled vocabularies (vocabularies/*.yaml): organizations and
terms (themes, value chains, populations, regions), with a label in every language."""

from __future__ import annotations

from typing import Literal

from pydantic import (
    Field,
    create_model,
)

from .fields import CountryCode, LocalName, Model, PlainText, Slug, Text, Url
from .languages import LANGS

OrgType = Literal[
    "government",
    "cooperation-agency",
    "international",
    "development-bank",
    "ngo",
    "foundation",
    "research",
    "academic",
    "federation",
    "producer-organization",
    "company",
    "network",
]
# What editors write for a type, where spelling alone would suggest another (`cooperative` is
# nearest to `cooperation-agency`): the type they mean, suggested instead.
TYPE_MEANT = {
    "cooperative": "producer-organization",
    "association": "producer-organization",
    "university": "academic",
    "ministry": "government",
    "business": "company",
}


class Organization(Model):
    id: Slug
    name: Text
    acronym: LocalName | None = None
    country: CountryCode | None = None
    type: OrgType
    url: Url | None = None


class _Term(Model):
    def label(self, lang: str) -> str:
        return getattr(self, lang)


# An entry of a controlled vocabulary: its label in every language of the site.
Term = create_model(
    "Term",
    __base__=_Term,
    __module__=__name__,
    __doc__="An entry of a controlled vocabulary (theme, value chain, population, region).",
    id=(Slug, ...),
    **dict.fromkeys(LANGS, (PlainText, ...)),
    description=(Text | None, None),
)


class OrganizationsFile(Model):
    schema_: str | None = Field(None, alias="$schema", exclude=True)
    organizations: list[Organization]


class TermsFile(Model):
    schema_: str | None = Field(None, alias="$schema", exclude=True)
    terms: list[Term]


VOCABULARIES = ("themes", "value-chains", "populations", "regions")
