"""Export JSON Schemas of the records for editors' YAML completion."""

from __future__ import annotations

import json

from .models import Case, Methodology, OrganizationsFile, TermsFile
from .request import ExchangeRequest

SCHEMAS = {
    "case.schema.json": Case,
    "methodology.schema.json": Methodology,
    "organizations.schema.json": OrganizationsFile,
    "terms.schema.json": TermsFile,
    "exchange-request.schema.json": ExchangeRequest,  # what the request form downloads
}


def export_schemas() -> dict[str, str]:
    """Return {file name: JSON text} for every record kind."""
    out = {}
    for name, model in SCHEMAS.items():
        schema = model.model_json_schema(by_alias=True)
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = name
        out[name] = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    return out
