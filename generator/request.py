"""The exchange request format, `minka-exchange-request/2`: what the request form produces.

A request is filled in the browser on a practice page (generator/theme/assets/exchange.js)
and downloaded as JSON or YAML; this model is the one definition of that document. Its
JSON Schema is exported with the record schemas (and the form's limits and patterns are read
from it), and `read_request` is what a command or an agency system uses to read one back,
in this version or the first (`minka-exchange-request/1`, still read as it was written).
"""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from . import reference
from .errors import BuildFailed, RecordError
from .fields import SLUG_PATTERN, Lang
from .loader import load_text
from .models import ExchangeForm
from .shape import check_model

FORMAT = "minka-exchange-request/2"
FORMAT_1 = "minka-exchange-request/1"
# The browser's own check for <input type="email"> accepts a little more; this is its core.
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
# Digits, spaces and + ( ) . - as people write phone numbers; escaped inside the class so
# that browsers (which read a form's pattern with the `v` flag) accept it as they are.
PHONE_PATTERN = r"^\+?[0-9][0-9 \(\)\.\-]{4,39}$"
REFERENCE_PATTERN = r"^REQ-[0-9]{4}-[0-9]{2}-[0-9]{2}-[a-z0-9]+(?:-[a-z0-9]+)*-[A-Z]{2}$"

Short = Annotated[str, StringConstraints(min_length=1, max_length=300, strip_whitespace=True)]
Long = Annotated[str, StringConstraints(min_length=1, max_length=5000, strip_whitespace=True)]
Address = Annotated[str, StringConstraints(min_length=1, max_length=2000, strip_whitespace=True)]
Postal = Annotated[str, StringConstraints(min_length=1, max_length=500, strip_whitespace=True)]
Email = Annotated[str, StringConstraints(pattern=EMAIL_PATTERN, max_length=254)]
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80)]
Phone = Annotated[str, StringConstraints(pattern=PHONE_PATTERN, strip_whitespace=True)]
# What each pattern expects, in words, for the messages of `read_request`.
PATTERNS = {
    EMAIL_PATTERN: "an e-mail address like name@example.org",
    PHONE_PATTERN: "a phone number (digits, spaces and + ( ) . -) like +51 1 234 5678",
    REFERENCE_PATTERN: "a reference like REQ-2026-11-25-ser-EC",
    SLUG_PATTERN: "a slug (lowercase a-z, 0-9 and hyphens)",
    r"^[A-Z]{2}$": "an ISO 3166 country code such as 'PE'",
    r"^[a-z]{2,3}$": "an ISO 639-1 language code such as 'es'",
}
# Who would bear a cost of the exchange, as the requester proposes it.
CostShare = Literal["requester", "provider", "shared", "to-agree"]


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
        description="a success factor of the practice or a methodology it applied"
    )
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


class RecipientV2(_Part):
    organization: Slug | None = Field(None, description="id of the contact organization in Minka")
    email: Email | None = Field(None, description="e-mail the request is addressed to")
    desk: Short | None = Field(
        None,
        description="name of the site's exchange desk, when the "
        "request goes to it (the practice has no "
        "contact e-mail)",
    )


class RequesterV2(Requester):
    address: Postal | None = Field(None, description="postal address of the institution")
    phone: Phone | None = Field(None, description="phone of the institution or contact person")


class Costs(_Part):
    travel: CostShare | None = Field(None, description="who would pay the travel")
    stay: CostShare | None = Field(None, description="who would pay board and lodging")
    experts: CostShare | None = Field(None, description="who would pay the experts' time")
    notes: Long | None = Field(None, description="the proposal in words")


class FocalPoint(_Part):
    institution: Short = Field(description="the national cooperation agency or focal point")
    contact: Short | None = Field(None, description="name of the person who endorses it")
    email: Email | None = Field(None, description="their e-mail")


class ExchangeRequest(_Part):
    """A request for a South-South exchange about one practice, as the form produces it."""

    format: Literal["minka-exchange-request/2"] = Field(description="format marker and version")
    reference: Annotated[str, StringConstraints(pattern=REFERENCE_PATTERN)] = Field(
        description="REQ-<created>-<practice id>-<requesting country>, e.g. "
        "REQ-2026-11-25-ser-EC: in the e-mail subject, the file names and the "
        "printout"
    )
    created: datetime.date = Field(description="date the request was written")
    language: Lang = Field(description="language the request was written in")
    practice: Practice
    recipient: RecipientV2 | None = Field(
        None, description="the practice's contact, or the site's exchange desk"
    )
    requester: RequesterV2
    need: Long = Field(description="the need or problem the exchange should help with")
    objectives: Long = Field(description="objectives of the exchange")
    results: Long = Field(description="results expected from it")
    learn: list[Interest] = Field([], description="what the requester wants to learn")
    learn_other: Long | None = Field(None, description="anything else to learn, in words")
    form: ExchangeForm | None = Field(None, description="preferred form of exchange")
    participants: Participants | None = None
    dates: Dates | None = None
    languages: list[LanguageCode] = Field([], description="working languages (ISO 639-1 codes)")
    costs: Costs | None = Field(None, description="proposed sharing of the costs")
    focal_point: FocalPoint | None = Field(
        None, description="the national cooperation focal point that endorses the request"
    )
    notes: Long | None = Field(None, description="anything else the receiving side should know")

    @model_validator(mode="after")
    def _referenced(self) -> ExchangeRequest:
        expected = request_reference(self.created, self.practice.id, self.requester.country)
        if self.reference != expected:
            # Reported at the reference itself (a model validator's error has no place).
            raise ValidationError.from_exception_data(
                type(self).__name__,
                [
                    InitErrorDetails(
                        type=PydanticCustomError(
                            "value_error",
                            "expected {expected} (from created, practice.id and "
                            "requester.country), but got {got}",
                            {"expected": repr(expected), "got": repr(self.reference)},
                        ),
                        loc=("reference",),
                        input=self.reference,
                    )
                ],
            )
        return self


class ExchangeRequestV1(_Part):
    """A request in the first version of the format: read, no longer written. Kept as it
    was, apart from version 2, so that a change to the current format never changes what an
    old file means."""

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


def request_reference(created: datetime.date, practice: str, country: str) -> str:
    """The reference that travels with a request: REQ-2026-11-25-ser-EC."""
    return f"REQ-{created.isoformat()}-{practice}-{country}"


def read_request(text: str, path: str = "request") -> ExchangeRequest | ExchangeRequestV1:
    """Read a request from its JSON or YAML text (JSON is YAML), either version of the format.

    Raise BuildFailed with every problem, compiler style (`path:line: field: message`)."""
    raw = load_text(text, path, "request")
    marker = raw.data.get("format")
    models = {FORMAT: ExchangeRequest, FORMAT_1: ExchangeRequestV1}
    if marker not in models:
        raise BuildFailed(
            [
                RecordError(
                    path,
                    raw.line_of(("format",)),
                    "format",
                    f"expected {FORMAT!r} or {FORMAT_1!r}, but got {marker!r}",
                )
            ]
        )
    request, errors = check_model(raw, models[marker], PATTERNS)
    if errors:
        raise BuildFailed(errors)
    return request


def request_fields(model: type[BaseModel] = ExchangeRequest, prefix: str = "") -> list[dict]:
    """List every field of the format, nested ones as dotted paths, in document order."""
    fields = []
    for name, info in model.model_fields.items():
        path = prefix + name
        inner = _inner_model(info.annotation)
        fields.append(
            {
                "path": path,
                "required": info.is_required(),
                "list": _is_list(info.annotation),
                "model": inner,
            }
        )
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
