"""A document against a model: pydantic's errors as an editor reads them.

Each problem becomes a RecordError at the line of the offending value, in the words of
DESIGN.md's bad-input rules: what was expected, and what was written instead
("expected one of program, network..., but got 'programme' (did you mean 'program'?)").
Union branches at one place become one message; a mistake inside a long text is named at
its own line.
"""

from __future__ import annotations

import re
import typing

import yaml
from pydantic import BaseModel, ValidationError

from .errors import RecordError, did_you_mean, format_loc
from .languages import LANGS
from .loader import RawRecord
from .vocabulary import TYPE_MEANT

# What a code is, said where one was expected (also when YAML read it as a number).
SDG_CODES = {
    ("sdg", "targets"): "an SDG target code such as '2.3' or '1.a'",
    ("sdg", "indicators"): "an SDG indicator code such as '2.3.2'",
}


def check_model(
    raw: RawRecord, model: type[BaseModel], patterns: dict[str, str] | None = None
) -> tuple[BaseModel | None, list[RecordError]]:
    """Validate a document that is not a record (an exchange request) against `model`: the
    instance, or None and every error, worded as records' are. `patterns` says in words what
    each of the model's patterns expects ('an e-mail address like name@example.org')."""
    try:
        return model.model_validate(raw.data), []
    except ValidationError as exc:
        return None, _convert(raw, model, exc, patterns or {})


def parse(raw: RawRecord, model: type[BaseModel], errors: list[RecordError]):
    """Validate raw data against a model; add one error per problem and return None on failure."""
    try:
        return model.model_validate(raw.data, context=context(raw))
    except ValidationError as exc:
        errors.extend(_convert(raw, model, exc))
        return None


def failed_at(raw: RawRecord, data: dict, model: type[BaseModel]) -> set[tuple]:
    """The locations in `data` (a changed copy of `raw.data`) of its errors against `model`."""
    try:
        model.model_validate(data, context=context(raw))
    except ValidationError as exc:
        return {_data_loc(data, e["loc"], e["type"]) for e in exc.errors(include_url=False)}
    return set()


def context(raw: RawRecord) -> dict:
    language = raw.data.get("original_language")
    return {"original_language": language} if language in LANGS else {}


def _convert(
    raw: RawRecord,
    model: type[BaseModel],
    exc: ValidationError,
    patterns: dict[str, str] | None = None,
) -> list[RecordError]:
    """Turn pydantic errors into RecordErrors; union branches at one place become one message."""
    grouped: dict[tuple, list[dict]] = {}
    for err in exc.errors(include_url=False):
        loc = _data_loc(raw.data, err["loc"], err["type"])
        if err["type"] == "extra_forbidden":
            err["_fields"] = _fields_at(model, loc[:-1])
        grouped.setdefault(loc, []).append(err)
    out = []
    for loc, errs in grouped.items():
        expected = []
        for err in errs:
            text = _expected(err, loc, raw, patterns or {})
            if text not in expected:
                expected.append(text)
        if errs[0]["type"] in ("extra_forbidden", "missing") or len(expected) == 1:
            message = expected[0]
        else:
            message = (
                "expected "
                + " or ".join(e.removeprefix("expected ").split(", but got")[0] for e in expected)
                + f", but got {show(errs[0]['input'])}"
            )
        # A mistake inside a long text is named at its own line, not the field's.
        place = getattr((errs[0].get("ctx") or {}).get("error"), "position", None)
        line = raw.line_of(loc) if place is None else raw.line_in_text(loc, place)
        out.append(RecordError(raw.path, line, format_loc(loc), message))
    return out


def _data_loc(data, loc: tuple, kind: str) -> tuple:
    """Keep the parts of a pydantic location that exist in the data (drop union branch names)."""
    out, node = [], data
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and part < len(node)
        ):
            node = node[part]
        elif last and kind in ("missing", "extra_forbidden"):
            pass
        else:
            continue
        out.append(part)
    return tuple(out)


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """Return the field names of the model found at a data location (for 'did you mean')."""
    for part in loc:
        if isinstance(part, int):
            continue
        info = model.model_fields.get(part)
        inner = _model_in(info.annotation) if info else None
        if inner is None:
            return []
        model = inner
    return [f.alias or name for name, f in model.model_fields.items()]


def _model_in(annotation) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found:
            return found
    return None


def _expected(err: dict, loc: tuple, raw: RawRecord, patterns: dict[str, str]) -> str:
    kind, ctx, value = err["type"], err.get("ctx") or {}, err["input"]
    name = loc[-1] if loc else ""
    written = raw.written.get(loc, str(value))
    if kind == "list_type" and isinstance(value, (str, int, float)):
        as_list = _flow([value]) if isinstance(value, str) else f"[{written}]"
        return f"expected a list, but got {show(value)} (write it as a list: {as_list})"
    if kind == "string_type" and isinstance(value, (int, float)) and not isinstance(value, bool):
        # YAML reads 8.10 as the number 8.1: show what the editor wrote, and how to keep it.
        what = SDG_CODES.get(loc[:2], "text") if loc[:1] == ("sdg",) else "text"
        return f"expected {what}, but got the number {written} (quote it: '{written}')"
    if (
        kind == "model_type"
        and ctx.get("class_name") in ("Text", "Title")
        and isinstance(value, str)
    ):
        # A text has one form per language: show it under the record's original language.
        lang = context(raw).get("original_language", LANGS[0])
        return (
            f"expected a mapping, but got {show(value)} "
            f"(write it per language: {_flow({lang: value})})"
        )
    if kind == "extra_forbidden":
        hint = did_you_mean(str(name), err.get("_fields", []))
        if set(err.get("_fields", [])) == set(LANGS):  # a text: its keys are language codes
            return f"expected a language of the site ({', '.join(LANGS)}), but got {name!r}{hint}"
        return f"expected a known field, but got unknown field {name!r}{hint}"
    if kind == "missing":
        return "expected a value (this field is required), but got none"
    if kind == "literal_error":
        options = re.findall(r"'([^']*)'", ctx.get("expected", ""))
        meant = TYPE_MEANT.get(str(value))
        hint = f" (did you mean {meant!r}?)" if meant in options else ""
        return (
            f"expected one of {', '.join(options)}, but got {show(value)}"
            f"{hint or did_you_mean(str(value), options)}"
        )
    if kind == "string_pattern_mismatch" and ctx.get("pattern") in patterns:
        return f"expected {patterns[ctx['pattern']]}, but got {show(value)}"
    if kind == "string_pattern_mismatch":
        return f"expected a slug (lowercase a-z, 0-9 and hyphens), but got {show(value)}"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    simple = {
        "string_type": "text",
        "int_type": "a whole number",
        "int_parsing": "a whole number",
        "int_from_float": "a whole number",
        "float_type": "a number",
        "float_parsing": "a number",
        "finite_number": "a finite number",
        "bool_type": "true or false",
        "bool_parsing": "true or false",
        "list_type": "a list",
        "dict_type": "a mapping",
        "model_type": "a mapping",
        "model_attributes_type": "a mapping",
        "date_type": "a date (YYYY-MM-DD)",
        "date_parsing": "a date (YYYY-MM-DD)",
        "date_from_datetime_parsing": "a date (YYYY-MM-DD)",
        "date_from_datetime_inexact": "a date (YYYY-MM-DD)",
    }
    if kind in simple:
        return f"expected {simple[kind]}, but got {show(value)}"
    bounds = {
        "greater_than_equal": "a number >= {ge}",
        "less_than_equal": "a number <= {le}",
        "greater_than": "a number > {gt}",
        "less_than": "a number < {lt}",
        "string_too_short": "text of at least {min_length} character(s)",
        "string_too_long": "text of at most {max_length} characters",
        "too_short": "at least {min_length} item(s)",
        "too_long": "at most {max_length} items",
    }
    if kind in bounds:
        ctx = {k: int(v) if isinstance(v, float) and v.is_integer() else v for k, v in ctx.items()}
        shown = f"{len(value)} characters" if kind == "string_too_long" else show(value)
        return f"expected {bounds[kind].format(**ctx)}, but got {shown}"
    return f"expected a valid value ({err['msg']}), but got {show(value)}"


def _flow(value) -> str:
    """Write a value as YAML on one line, quoted only where YAML needs it: [Nariño]."""
    return yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=1000).strip()


def show(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
