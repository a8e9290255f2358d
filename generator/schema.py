"""Export JSON Schemas of the records for editors' YAML completion, and read a field's
limits back from them for the browser forms (propose a practice, request an exchange), so a
limit or pattern changed in a model changes the forms too."""

from __future__ import annotations

import json
from functools import cache
from typing import Annotated, get_args, get_origin

from pydantic import AfterValidator, BaseModel

from .fields import not_future
from .languages import LANGS
from .models import Case, Methodology
from .request import ExchangeRequest
from .vocabulary import OrganizationsFile, TermsFile

SCHEMAS = {
    "case.schema.json": Case,
    "methodology.schema.json": Methodology,
    "organizations.schema.json": OrganizationsFile,
    "terms.schema.json": TermsFile,
    "exchange-request.schema.json": ExchangeRequest,  # what the request form downloads
}
_KEPT = ("maxLength", "minLength", "pattern", "format", "minimum", "maximum", "enum", "minItems")


def export_schemas() -> dict[str, str]:
    """Return {file name: JSON text} for every record kind."""
    return dict(_export_schemas())


@cache
def _export_schemas() -> dict[str, str]:
    # Made from the models alone, once per process: each build asks twice (the data page
    # gives their sizes; the files are written), and pydantic takes a quarter second.
    out = {}
    for name, model in SCHEMAS.items():
        schema = model.model_json_schema(by_alias=True)
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = name
        out[name] = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    return out


def field_rule(model: type[BaseModel], path: str) -> dict:
    """Return the JSON Schema limits of the field at `path` ('sources[].date'), plus
    `required` (in its parent) and `not_future` (the models' own check on dates and years).

    A localized text ({en, es}) gives the limits of one language's text."""
    schema = _json_schema(model)
    defs = schema.get("$defs", {})
    node, required, current = schema, False, model
    for part in path.split("."):
        name = part.removesuffix("[]")
        node = _resolve(node, defs)
        required = name in node.get("required", [])
        info = current.model_fields[name]
        annotation = info.annotation
        node = node["properties"][name]
        if part.endswith("[]"):
            node = _resolve(node, defs)["items"]
        current = _inner_model(annotation) or current
    node = _resolve(node, defs)
    if set(node.get("properties", {})) >= set(LANGS):  # a Text: the limits of its texts
        node = _resolve(node["properties"][LANGS[0]], defs)
    rule = {key: node[key] for key in _KEPT if key in node}
    rule["required"] = required
    # Pydantic moves a field's own Annotated metadata into its FieldInfo; Optional keeps it.
    if _has_validator(annotation, not_future) or any(
        isinstance(m, AfterValidator) and m.func is not_future for m in info.metadata
    ):
        rule["not_future"] = True
    return rule


def _resolve(node: dict, defs: dict) -> dict:
    """Follow $ref and merge the non-null branches of anyOf (date | year gives both)."""
    if "$ref" in node:
        return _resolve(defs[node["$ref"].rsplit("/", 1)[1]], defs)
    if "anyOf" in node:
        merged: dict = {}
        for branch in node["anyOf"]:
            if branch.get("type") != "null":
                merged |= _resolve(branch, defs)
        return merged
    return node


def _inner_model(annotation) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        if found := _inner_model(arg):
            return found
    return None


def _has_validator(annotation, func) -> bool:
    """Whether `func` is an AfterValidator anywhere in an annotation (Optional, Annotated)."""
    if get_origin(annotation) is Annotated:
        if any(isinstance(m, AfterValidator) and m.func is func for m in annotation.__metadata__):
            return True
        return _has_validator(get_args(annotation)[0], func)
    return any(_has_validator(arg, func) for arg in get_args(annotation))


@cache
def _json_schema(model: type[BaseModel]) -> dict:
    return model.model_json_schema()
