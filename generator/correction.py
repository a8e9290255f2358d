""" "Suggest a correction" on every record page: a prefilled message and the record's source.

The message names the record's id, its file and (filled in by the browser, theme script
assets/page/correction.js, part of the record pages' bundle) the section the reader was looking at. With `repo_url` set, a
"view the source" link goes to the record's YAML file, as Material's edit links go to a page's
Markdown: `edit_uri`'s first two parts (`edit/main`) name the branch, and `blob` shows it.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

from .requestform import read_desk


def check_settings(config_file: Path) -> None:
    """Check mkdocs.yml's Minka settings before anything is built, as `minka validate` and
    `minka build` do: GeneratorError naming the field, once, rather than once per language
    from the plugin."""
    from mkdocs.utils import yaml_load

    with open(config_file, encoding="utf-8") as f:
        extra = yaml_load(f).get("extra") or {}
    read_desk(extra if isinstance(extra, dict) else {}, config_file.name)


def contribute_settings(config) -> dict:
    """Where proposals, corrections and exchange requests go, from mkdocs.yml:
    `extra.minka.editors` (one address or a list), `repo_url`, `edit_uri` and
    `extra.minka.exchange_desk` (requestform.read_desk; GeneratorError when malformed)."""
    editors = (config.extra.get("minka") or {}).get("editors") or []
    name = Path(config.config_file_path).name if config.config_file_path else "mkdocs.yml"
    return {
        "editors": [editors] if isinstance(editors, str) else list(editors),
        "repo_url": config.repo_url,
        "edit_uri": config.edit_uri,
        "exchange_desk": read_desk(config.extra, name),
    }


def correction_meta(record_id: str, path: str, title: str, L: dict, contribute: dict) -> dict:
    """Front matter of a record page: its correction box and its kind of script, the record
    pages' bundle, which fills in the section (`minka_correction`, `minka_script`)."""
    editors = contribute.get("editors") or []
    to = ",".join(quote(e, safe="@") for e in editors)
    subject = L["cx_subject"].format(title=title, id=record_id)
    body = "\n".join(
        [
            f"{L['cx_record']}: {record_id}",
            f"{L['cx_file']}: {path}",
            f"{L['cx_section']}: ",
            "",
            L["cx_what"],
            "",
        ]
    )
    return {
        "minka_script": "record",
        "minka_correction": {
            "id": record_id,
            "file": path,
            "to": to,
            "subject": subject,
            "heading": L["cx_heading"],
            "text": L["cx_text"],
            "suggest": L["cx_suggest"],
            "view_source": L["cx_view_source"],
            "label_record": L["cx_record"],
            "label_file": L["cx_file"],
            "label_section": L["cx_section"],
            "what": L["cx_what"],
            "mailto": f"mailto:{to}?subject={quote(subject, safe='')}&body={quote(body, safe='')}",
            "source": source_url(path, contribute.get("repo_url"), contribute.get("edit_uri")),
        },
    }


def add_front_matter(page: str, meta: dict) -> str:
    """Add keys to the front matter a page template wrote (JSON is YAML)."""
    head, sep, rest = page.partition("---\n")
    if head.strip() or not sep:  # a template without front matter: a bug to report
        raise ValueError("expected a page starting with front matter, but got none")
    lines = "".join(
        f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in meta.items()
    )
    return head + sep + lines + rest


def source_url(path: str, repo_url: str | None, edit_uri: str | None) -> str:
    """Return the address of the file `path` (from the repository's root) in the repository
    browser, or '' when `repo_url` is not set or `edit_uri` names no branch."""
    if not repo_url:
        return ""
    parts = [p for p in (edit_uri or "").split("/") if p]
    if len(parts) < 2 or parts[0] not in ("edit", "blob"):
        return ""
    return f"{repo_url.rstrip('/')}/blob/{parts[1]}/{path}"
