"""The field types records are made of: slugs, years, dates, URLs, e-mail addresses, and
texts with one form per language of the site. Shapes only, no I/O.

Each type checks what one value can say on its own (a URL's scheme, raw HTML in a text, a
date not in the future); checks across fields and files live in `validate.py`.
"""

from __future__ import annotations

import datetime
import html
import re
from typing import Annotated, Literal, NamedTuple

from email_validator import EmailNotValidError, validate_email
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PrivateAttr,
    StringConstraints,
    ValidationInfo,
    WithJsonSchema,
    create_model,
    field_validator,
    model_validator,
)

from .languages import LANGS, others

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80)]


def _as_list(value: object) -> object:
    return [value] if isinstance(value, str) else value


# Ids, or one id written alone: `lead: sena` for a single organization.
Slugs = Annotated[list[Slug], BeforeValidator(_as_list)]
Lang = Literal[LANGS]
Year = Annotated[int, Field(ge=1900, le=2100)]


def not_future(value):
    """Refuse a date or year after today (public: the proposal form exports where it applies)."""
    today = datetime.date.today()
    if isinstance(value, datetime.date) and value > today:
        raise ValueError(f"expected a date not in the future, but got {value.isoformat()}")
    if isinstance(value, int) and value > today.year:
        raise ValueError(f"expected a year not in the future, but got {value}")
    return value


class TextError(ValueError):
    """A mistake at a place inside a text, so that its line in the file can be named.

    `position` counts the non-space characters before the mistake: YAML's line folding
    changes spaces and line breaks but keeps those, so the loader can find the line.
    """

    def __init__(self, message: str, text: str, start: int):
        super().__init__(message)
        self.position = len(re.sub(r"\s", "", text[:start]))


def _no_control(value: str) -> str:
    # Control characters (YAML lets "\x1f" escapes through) show as nothing or garbage.
    if bad := _CONTROL.search(value):
        raise TextError(
            f"expected text without control characters, but got {bad.group(0)!r} "
            f"at character {bad.start() + 1}",
            value,
            bad.start(),
        )
    return value


def _safe_url(value: str) -> str:
    if not value.lower().startswith(("http://", "https://", "mailto:")):
        shown = value if len(value) <= 40 else value[:37] + "..."
        raise ValueError(f"expected an http, https or mailto URL, but got {shown!r}")
    return value


def _email(value: str) -> str:
    """An address as email-validator (what pydantic's EmailStr uses) accepts it; no DNS look-up."""
    if value.lower().startswith("mailto:"):
        raise ValueError(
            f"expected an e-mail address without 'mailto:', but got {value!r} "
            f"(write it as {value[7:]!r})"
        )
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError as exc:
        why = str(exc).rstrip(".")
        raise ValueError(
            f"expected an e-mail address like name@example.org, but got {value!r} "
            f"({why[:1].lower()}{why[1:]})"
        ) from None
    return value


# A date as precise as the source gives it: a full date or only the year; never ahead of today.
PartialDate = Annotated[datetime.date | Year, AfterValidator(not_future)]
PastYear = Annotated[Year, AfterValidator(not_future)]
CountryCode = Annotated[str, Field(description="ISO 3166-1 alpha-2 code, e.g. CO")]
Url = Annotated[str, Field(description="http, https or mailto URL"), AfterValidator(_safe_url)]
Email = Annotated[
    str,
    Field(description="e-mail address, without mailto:", json_schema_extra={"format": "email"}),
    AfterValidator(_email),
]
PlainText = Annotated[
    str,
    StringConstraints(min_length=1, max_length=300, strip_whitespace=True),
    AfterValidator(_no_control),
]
# Figures, amounts and counts: finite, and small enough to print exactly (a thousand trillion).
Quantity = Annotated[float, Field(ge=0, le=1e15, allow_inf_nan=False)]

# Raw HTML and script URLs never reach a page: records are Markdown only. Both are looked
# for after decoding character references (`&#106;avascript:` is `javascript:` to a browser,
# and templates that strip tags decode `&lt;`); script schemes also without the tabs and
# newlines browsers drop inside URLs. "data:" is a URL only when something follows the colon
# ("Key data: 2018" is prose).
_HTML_TAG = re.compile(r"<\s*[/!?]?[a-zA-Z]")
_SCRIPT_URL = re.compile(r"(?:javascript|vbscript)\s*:", re.IGNORECASE)
_DATA_URL = re.compile(r"data:(?=\S)", re.IGNORECASE)
# attr_list syntax ("{: onclick=...}") would let text set HTML attributes.
_ATTR_LIST = re.compile(r"\{\s*:|\{[^}\n]*=")
# A Markdown image would make the page load a file from wherever its URL points.
_IMAGE = re.compile(r"!\[")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class Model(BaseModel):
    """Base of every model: unknown fields are errors, not silently dropped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class _Text(Model):
    """What every text checks, whatever its length: see Text, made below from LANGS."""

    # The record's original language, when the text is a record's: the one a page shows,
    # with a note, when the text lacks the page's language.
    _original: str | None = PrivateAttr(None)

    # The fields, one per language, are made from LANGS below: the validators name them.
    @field_validator(*LANGS, check_fields=False)
    @classmethod
    def _no_markup(cls, value: str | None) -> str | None:
        if value is None:
            return value
        _no_control(value)
        # Places found in the decoded text are near, not exact, when character references
        # come before them: close enough to name the line.
        decoded = html.unescape(value)
        if tag := _HTML_TAG.search(decoded):
            shown = decoded[tag.start() : tag.start() + 12]
            raise TextError(
                f"expected Markdown without raw HTML, but got {shown!r}", decoded, tag.start()
            )
        if attrs := _ATTR_LIST.search(value):
            raise TextError(
                f"expected Markdown without attribute lists, but got "
                f"{value[attrs.start() : attrs.start() + 12]!r}",
                value,
                attrs.start(),
            )
        squeezed = re.sub(r"[\t\n\r]", "", decoded)
        if url := _SCRIPT_URL.search(squeezed):
            raise TextError(
                f"expected links to http, https or mailto URLs, but got {url.group(0)!r}",
                squeezed,
                url.start(),
            )
        if url := _DATA_URL.search(decoded):
            raise TextError(
                f"expected links to http, https or mailto URLs, but got {url.group(0)!r}",
                decoded,
                url.start(),
            )
        if image := _IMAGE.search(value):
            shown = value[image.start() : image.start() + 12]
            raise TextError(
                f"expected Markdown without images, but got {shown!r}", value, image.start()
            )
        return value

    @model_validator(mode="after")
    def _original_language_present(self, info: ValidationInfo) -> _Text:
        original = (info.context or {}).get("original_language")
        present = [lang for lang in LANGS if getattr(self, lang)]
        if not present:
            raise ValueError(f"expected text in at least one of {', '.join(LANGS)}, but got none")
        if original and not getattr(self, original):
            raise ValueError(
                f"expected text in the original language ({original}), but got only "
                f"{', '.join(present)}"
            )
        self._original = original
        return self

    def get(self, lang: str) -> str:
        """Return the text in `lang`, else in its stand-in language (`stand_in`)."""
        return getattr(self, lang) or getattr(self, self.stand_in(lang))

    def translated(self, lang: str) -> bool:
        return bool(getattr(self, lang))

    def __eq__(self, other: object) -> bool:
        # Equal by their words: the original language is the record's, compared there (a text
        # read back without the record's context is the same text).
        if type(other) is not type(self):
            return NotImplemented
        return self.__dict__ == other.__dict__

    def stand_in(self, lang: str) -> str:
        """The language shown when the text lacks `lang`: the record's original language, else
        the first of the others, in the site's order, that has it."""
        return next(
            other
            for other in (self._original, *others(lang))
            if other and other != lang and self.translated(other)
        )


def _per_language(name: str, base: type, doc: str, kind, default) -> type:
    """A model with one field per language of the site, in the order of LANGS."""
    return create_model(
        name,
        __base__=base,
        __doc__=doc,
        __module__=__name__,
        **dict.fromkeys(LANGS, (kind, default)),
    )


Text = _per_language(
    "Text",
    _Text,
    "Markdown text in English and Spanish; the record's original language is required.",
    str | None,
    Field(None, min_length=1, max_length=20000),
)


class _Title(Text):
    @field_validator(*LANGS)
    @classmethod
    def _has_words(cls, value: str | None) -> str | None:
        if value is not None and not any(ch.isalnum() for ch in value):
            raise ValueError(f"expected a title with letters or digits, but got {value!r}")
        return value


Title = _per_language(
    "Title",
    _Title,
    "A record's title: it heads pages, cards, browser tabs and citations, so it stays short.",
    str | None,
    Field(None, min_length=1, max_length=200),
)


class _Name(Model):
    def get(self, lang: str) -> str:
        return getattr(self, lang)

    def forms(self) -> tuple[str, ...]:
        """Every form of the name, once each, in the site's language order."""
        return tuple(dict.fromkeys(getattr(self, lang) for lang in LANGS))


Name = _per_language(
    "Name",
    _Name,
    "A short name with its own form in each language, such as an acronym: ILO and OIT.",
    PlainText,
    ...,
)


def _one_form(value: object) -> object:
    """Let editors write one string for a name that is the same in every language."""
    return dict.fromkeys(LANGS, value) if isinstance(value, str) else value


# Read as a Name; the schema offers editors both spellings, a string or {en, es}.
LocalName = Annotated[Name, BeforeValidator(_one_form, json_schema_input_type=PlainText | Name)]


class MethodRef(NamedTuple):
    """A methodology a case applied, optionally down to one of its modules."""

    methodology: str
    module: str | None = None

    def __str__(self) -> str:
        return f"{self.methodology}#{self.module}" if self.module else self.methodology


def _method_ref(value):
    """Read 'tropenbos#characterization' once, here: the rest of the code sees two fields."""
    if isinstance(value, str):
        methodology, _, module = value.partition("#")
        return MethodRef(methodology, module or None)
    return value


# Written and exported as the editor types it ('id' or 'id#module').
MethodRefText = Annotated[
    MethodRef,
    BeforeValidator(_method_ref),
    PlainSerializer(str),
    WithJsonSchema({"type": "string"}),
]
