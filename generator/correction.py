""""Suggest a correction" on every record page: a prefilled message and the record's source.

The message names the record's id, its file and (filled in by the browser, theme script
assets/page/correction.js) the section the reader was looking at. With `repo_url` set, a
"view the source" link goes to the record's YAML file, as Material's edit links go to a page's
Markdown: `edit_uri`'s first two parts (`edit/main`) name the branch, and `blob` shows it.
"""

from __future__ import annotations

from urllib.parse import quote

SCRIPT = "assets/page/correction.js"


def correction_meta(record_id: str, path: str, title: str, L: dict, editors: list[str],
                    repo_url: str | None, edit_uri: str | None) -> dict:
    """Values of a record page's correction box (front matter `minka_correction`)."""
    to = ",".join(quote(e, safe="@") for e in editors)
    subject = L["cx_subject"].format(title=title, id=record_id)
    body = "\n".join([f"{L['cx_record']}: {record_id}", f"{L['cx_file']}: {path}",
                      f"{L['cx_section']}: ", "", L["cx_what"], ""])
    return {"id": record_id, "file": path, "to": to, "subject": subject,
            "heading": L["cx_heading"], "text": L["cx_text"], "suggest": L["cx_suggest"],
            "view_source": L["cx_view_source"], "label_record": L["cx_record"],
            "label_file": L["cx_file"], "label_section": L["cx_section"], "what": L["cx_what"],
            "mailto": f"mailto:{to}?subject={quote(subject, safe='')}"
                      f"&body={quote(body, safe='')}",
            "source": source_url(path, repo_url, edit_uri)}


def source_url(path: str, repo_url: str | None, edit_uri: str | None) -> str:
    """Return the address of the file `path` (from the repository's root) in the repository
    browser, or '' when `repo_url` is not set or `edit_uri` names no branch."""
    if not repo_url:
        return ""
    parts = [p for p in (edit_uri or "").split("/") if p]
    if len(parts) < 2 or parts[0] not in ("edit", "blob"):
        return ""
    return f"{repo_url.rstrip('/')}/blob/{parts[1]}/{path}"
