"""The exchange request format, `minka-exchange-request/1`: what the request form produces.

A request is filled in the browser on a practice page (generator/theme/assets/exchange.js)
and downloaded as JSON or YAML; this model is the one definition of that document. Its
JSON Schema is exported with the record schemas, and `read_request` is what a command or an
agency system uses to read one back.
"""

from __future__ import annotations

import datetime
import json
from typing import Annotated, Literal

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from . import reference
from .models import SLUG_PATTERN, ExchangeForm, Lang

FORMAT = "minka-exchange-request/1"
# The browser's own check for <input type="email"> accepts a little more; this is its core.
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"

Short = Annotated[str, StringConstraints(min_length=1, max_length=300, strip_whitespace=True)]
Long = Annotated[str, StringConstraints(min_length=1, max_length=5000, strip_whitespace=True)]
Address = Annotated[str, StringConstraints(min_length=1, max_length=2000, strip_whitespace=True)]
Email = Annotated[str, StringConstraints(pattern=EMAIL_PATTERN, max_length=254)]
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80)]


def _iso_country(code: str) -> str:
    if not reference.country_exists(code):
        raise ValueError(f"expected an ISO 3166 country code such as 'PE', but got {code!r}")
    return code


Country = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$"), AfterValidator(_iso_country)]
LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")]


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Practice(_Part):
    id: Slug = Field(description="id of the practice in Minka (its file name and URL slug)")
    title: Short = Field(description="title of the practice in the language of the request")
    url: Address | None = Field(None, description="address of the page the request came from")


class Recipient(_Part):
    organization: Slug = Field(description="id of the contact organization in Minka")
    email: Email | None = Field(None, description="contact e-mail the request is addressed to")


class Requester(_Part):
    institution: Short = Field(description="name of the requesting institution")
    country: Country = Field(description="ISO 3166-1 alpha-2 code of the requesting country")
    contact: Short = Field(description="name of the contact person")
    role: Short | None = Field(None, description="role or position of the contact person")
    email: Email = Field(description="e-mail of the contact person")


class Interest(_Part):
    kind: Literal["success-factor", "methodology"] = Field(
        description="a success factor of the practice or a methodology it applied")
    id: Slug = Field(description="id of the success factor or methodology in the record")
    title: Short = Field(description="its title, in the language of the request")


class Participants(_Part):
    number: int | None = Field(None, ge=1, le=10000, description="expected number of people")
    profile: Short | None = Field(None, description="who they are: roles, institutions")


class Dates(_Part):
    start: datetime.date | None = Field(None, description="earliest suitable date")
    end: datetime.date | None = Field(None, description="latest suitable date")

    @model_validator(mode="after")
    def _ordered(self) -> Dates:
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"expected end on or after start ({self.start}), but got {self.end}")
        return self


class ExchangeRequest(_Part):
    """A request for a South-South exchange about one practice, as the form produces it."""

    format: Literal["minka-exchange-request/1"] = Field(description="format marker and version")
    created: datetime.date = Field(description="date the request was written")
    language: Lang = Field(description="language the request was written in")
    practice: Practice
    recipient: Recipient | None = Field(None, description="the practice's contact, when it has one")
    requester: Requester
    need: Long = Field(description="the need or problem the exchange should help with")
    learn: list[Interest] = Field([], description="what the requester wants to learn")
    learn_other: Long | None = Field(None, description="anything else to learn, in words")
    form: ExchangeForm | None = Field(None, description="preferred form of exchange")
    participants: Participants | None = None
    dates: Dates | None = None
    languages: list[LanguageCode] = Field([], description="working languages (ISO 639-1 codes)")
    notes: Long | None = Field(None, description="anything else the receiving side should know")


def read_request(text: str) -> ExchangeRequest:
    """Read a request from its JSON or YAML text (YAML is a superset of the JSON we write)."""
    try:
        data = json.loads(text)
    except ValueError:
        data = yaml.safe_load(text)
    return ExchangeRequest.model_validate(data)


def request_fields(model: type[BaseModel] = ExchangeRequest, prefix: str = "") -> list[dict]:
    """List every field of the format, nested ones as dotted paths, in document order."""
    fields = []
    for name, info in model.model_fields.items():
        path = prefix + name
        inner = _inner_model(info.annotation)
        fields.append({"path": path, "required": info.is_required(),
                       "list": _is_list(info.annotation), "model": inner})
        if inner:
            fields += request_fields(inner, path + ("[]." if _is_list(info.annotation) else "."))
    return fields


def _inner_model(annotation) -> type[BaseModel] | None:
    for arg in (annotation, *getattr(annotation, "__args__", ())):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return None


def _is_list(annotation) -> bool:
    return getattr(annotation, "__origin__", None) is list
