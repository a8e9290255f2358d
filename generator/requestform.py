"""Each practice's exchange request form: where a request goes (the practice's contact, the
site's exchange desk, or whom to approach), and its fields' limits and patterns, read from
the request format's JSON Schema (request.py), never typed in the template.
"""

from __future__ import annotations

from functools import cache
from typing import get_args
from urllib.parse import quote

from markupsafe import Markup
from pydantic import TypeAdapter, ValidationError

from . import reference
from .errors import GeneratorError
from .exchange import FORMS
from .fields import Email
from .languages import LANGS
from .models import Case
from .present import capitalized, environment, plain, raw_html
from .request import FORMAT, CostShare, ExchangeRequest
from .schema import field_rule
from .stencil import Stencil, mark
from .text import one_line_text, sort_key

# Working languages the form offers: the region's (and its partners') usual ones.
REQUEST_LANGUAGES = ("es", "en", "pt", "fr")
COST_SHARES: tuple[str, ...] = get_args(CostShare)
# The fields of the request form, by their path in the format: their limits and patterns
# are read from the format's JSON Schema (schema.field_rule), never typed in the template.
FORM_FIELDS = (
    "requester.institution",
    "requester.country",
    "requester.contact",
    "requester.role",
    "requester.email",
    "requester.address",
    "requester.phone",
    "need",
    "objectives",
    "results",
    "learn_other",
    "form",
    "participants.number",
    "participants.profile",
    "dates.start",
    "dates.end",
    "costs.travel",
    "costs.stay",
    "costs.experts",
    "costs.notes",
    "focal_point.institution",
    "focal_point.contact",
    "focal_point.email",
    "notes",
)
# Fields chosen from a list (<select>): the list is their constraint, HTML has no pattern there.
CHOSEN = ("requester.country", "form", "costs.travel", "costs.stay", "costs.experts")


def read_desk(extra: dict, config_file: str = "mkdocs.yml") -> dict | None:
    """The site's exchange desk, from mkdocs.yml's `extra.minka.exchange_desk` (`email`, and
    `name` as one text or {en, es}): where requests for practices without a contact e-mail
    go. None when the site has none; GeneratorError naming the field when it is malformed."""
    desk = (extra.get("minka") or {}).get("exchange_desk")
    if desk is None:
        return None
    where = f"{config_file}: extra.minka.exchange_desk"
    if not isinstance(desk, dict) or set(desk) - {"email", "name"}:
        raise GeneratorError(
            f"{where}: expected a mapping with `email` and `name`, but got {desk!r}"
        )
    email, name = desk.get("email"), desk.get("name")
    if not isinstance(email, str):
        raise GeneratorError(
            f"{where}.email: expected an e-mail address like name@example.org, but got {email!r}"
        )
    try:  # the models' own check of an address (email-validator)
        TypeAdapter(Email).validate_python(email)
    except ValidationError as exc:
        why = exc.errors()[0]
        text = str((why.get("ctx") or {}).get("error", why["msg"]))
        raise GeneratorError(f"{where}.email: {text}") from None
    names = dict.fromkeys(LANGS, name) if isinstance(name, str) else name
    if (
        not isinstance(names, dict)
        or set(names) != set(LANGS)
        or not all(isinstance(v, str) and v.strip() for v in names.values())
    ):
        raise GeneratorError(
            f"{where}.name: expected a name, as one text or as {{en: ..., "
            f"es: ...}}, but got {name!r}"
        )
    return {"email": email, "name": {k: v.strip() for k, v in names.items()}}


def request_view(view, case: Case, here: str, desk: dict | None = None) -> dict:
    """A practice's request part: whom to ask (Markdown; '' when it has a contact e-mail) and
    its form (HTML, form_html)."""
    return {
        # Without an address to send it to, the form offers the file and the letter only.
        "by_email": bool(_contact_email(case) or desk),
        "whom": _whom_to_ask(view, case, here, desk if desk and not _contact_email(case) else None),
        "form": form_html(view, request_values(view, case, desk)),
    }


def request_values(view, case: Case, desk: dict | None = None) -> dict:
    """What one practice's form says of it: PER_PRACTICE, plain strings, and what its parts
    `learn` and `send` show (its success factors and methodologies, the mailto: link).

    It goes to the practice's contact e-mail, else to the site's exchange `desk` (read_desk),
    else to nobody: the form then says whom to approach and still gives the files."""
    L, catalog = view.L, view.catalog
    contact = case.exchange.contact if case.exchange else None
    email = _contact_email(case)
    to_desk = bool(desk and not email)
    if to_desk:
        email = desk["email"]
    title = one_line_text(case.title.get(view.lang))
    methods = []
    for ref in case.methodologies:
        method_id = ref.methodology
        if method_id in catalog.methodologies and method_id not in [m["id"] for m in methods]:
            methods.append(
                {
                    "id": method_id,
                    "title": one_line_text(catalog.methodologies[method_id].title.get(view.lang)),
                }
            )
    orgs = [contact.organization] if contact else case.lead
    return {
        "id": case.id,
        "title": title,
        "email": email,
        "recipient_org": contact.organization if contact else "",
        "desk": desk["name"][view.lang] if to_desk else "",
        # Whom the printed letter is addressed to: the contact, the desk or the lead.
        "addressee": (
            desk["name"][view.lang]
            if to_desk
            else "; ".join(view.org_name(o) for o in orgs)
            if orgs
            else ""
        )
        or L["rq_letter_to_unknown"],
        "subject": L["rq_subject"].format(practice=title),
        "mailto": f"mailto:{quote(email, safe='@')}?subject="
        f"{quote(L['rq_subject'].format(practice=title), safe='')}"
        if email
        else "",
        "factors": [
            {"id": f.id, "title": one_line_text(f.title.get(view.lang))}
            for f in case.success_factors
        ],
        "methodologies": methods,
    }


# The values of a practice's form that are printed in it as they are (escaped); `learn` and
# `send` are its parts that say more of the practice, rendered for each one (macros of
# _request_form.html.j2). Everything else in the form is the same on every practice.
PER_PRACTICE = ("id", "title", "email", "recipient_org", "desk", "addressee", "subject")
_PARTS = ("learn", "send")


def form_html(view, values: dict) -> Markup:
    """The form of one practice (request_values), a raw HTML block (present.raw_html): the
    language's form (_form_of) with the practice's values put in (stencil.py). The form is
    22 KB of labels and 200 countries that Jinja wrote again for every practice: a tenth of
    the rendering of a practice's page."""
    form, module = _form_of(view)
    return form.fill(values | {part: getattr(module, part)(values) for part in _PARTS})


def render_form(view, values: dict) -> Markup:
    """The form of one practice as the template alone writes it: what form_html gives, made
    the slow way (its tests compare the two)."""
    module = _form_of(view)[1]
    values = values | {part: getattr(module, part)(values) for part in _PARTS}
    return raw_html(module.form(values | _same_on_every_form(view)))


def _form_of(view) -> tuple[Stencil, object]:
    """The form of the view's language with markers, and the template's macros bound to
    the view's labels: made once per build (a build reads its templates and labels afresh,
    so `minka serve` shows an edit)."""
    if "request-form" not in view.stencils:
        module = (
            environment(view.lang).get_template("_request_form.html.j2").make_module({"L": view.L})
        )
        marks = {name: mark(name) for name in (*PER_PRACTICE, *_PARTS)}
        form = raw_html(module.form(marks | _same_on_every_form(view)))
        view.stencils["request-form"] = (Stencil(form), module)
    return view.stencils["request-form"]


def _same_on_every_form(view) -> dict:
    L = view.L
    return {
        "country_options": _country_options(view.lang),
        "forms": [(f, capitalized(L["forms"][f])) for f in FORMS],
        "shares": [(s, L["rq_shares"][s]) for s in COST_SHARES],
        "languages": [(code, L["rq_language_names"][code]) for code in REQUEST_LANGUAGES],
        "format": FORMAT,
        "attrs": form_attributes(),
    }


def _contact_email(case: Case) -> str:
    contact = case.exchange.contact if case.exchange else None
    return contact.email if contact and contact.email else ""


@cache
def form_attributes() -> dict[str, Markup]:
    """The HTML constraint attributes of each form field, from the format's JSON Schema: a
    field inside an optional part (the focal point) is required only by the script."""
    out = {}
    for path in FORM_FIELDS:
        rule = field_rule(ExchangeRequest, path)
        parts = path.split(".")
        required = all(
            field_rule(ExchangeRequest, ".".join(parts[:i]))["required"]
            for i in range(1, len(parts) + 1)
        )
        attrs = [Markup(" required")] if required else []
        for key, name in (
            ("maxLength", "maxlength"),
            ("minimum", "min"),
            ("maximum", "max"),
            ("pattern", "pattern"),
        ):
            if key in rule and not (key == "pattern" and path in CHOSEN):
                attrs.append(Markup(' {}="{}"').format(name, rule[key]))
        if rule.get("required") and not required:
            attrs.append(Markup(" data-required-with-part"))
        out[path] = Markup("").join(attrs)
    return out


@cache
def _country_options(lang: str) -> Markup:
    """Every country as an <option>, named in `lang` and sorted by name: written once, as the
    same list is on every practice's form."""
    names = {c: reference.country_name(c, lang) for c in reference.all_countries()}
    return Markup("").join(
        Markup('<option value="{}">{}</option>').format(code, name)
        for code, name in sorted(names.items(), key=lambda i: sort_key(i[1]))
    )


def _whom_to_ask(view, case: Case, here: str, desk: dict | None) -> str:
    """Say where the request goes when Minka has no contact e-mail: the site's desk, else the
    organization to approach (with its web address when known). Markdown, record parts escaped;
    '' when the practice has a contact e-mail."""
    L = view.L
    contact = case.exchange.contact if case.exchange else None
    if contact and contact.email:
        return ""
    if desk:
        text = L["rq_whom_desk"].format(desk=plain(desk["name"][view.lang]), email=desk["email"])
        return Markup(text)
    if contact:
        text = L["rq_whom_contact"].format(
            orgs=_orgs_with_urls(view, [contact.organization], here, contact.url)
        )
    elif case.lead:
        text = L["rq_whom_lead"].format(orgs=_orgs_with_urls(view, case.lead, here))
    elif case.sources:
        text = L["rq_whom_sources"].format(url=f"#source-{case.sources[0].id}")
    else:
        text = L["rq_whom_nobody"]
    return Markup(f"{text} {L['rq_still']}")


def _orgs_with_urls(view, ids: list[str], here: str, url: str | None = None) -> str:
    """Organizations linked to their pages, each followed by its own web address when the
    record (`url`, a contact's) or the organizations vocabulary has one."""
    out = []
    for org in ids:
        address = url or view.catalog.vocab.organizations[org].url
        link = view.org_links([org], here)
        out.append(f"{link} (<{address}>)" if address else link)
    return ", ".join(out)
