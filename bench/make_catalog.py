"""Write a synthetic Minka project of N bilingual practices, for benchmarks and tests.

Usage: python bench/make_catalog.py N OUT_DIR [--seed S]

OUT_DIR gets cases/*.yaml (N synthetic practices), methodologies/*.yaml (a few synthetic
methodologies), and the repository's vocabularies/, docs/ and mkdocs.yml, so `minka validate`
and `minka build` run there as in the real project. Records draw their terms from the
vocabularies and their sentences from the bilingual phrase pools in phrases.py; they describe
no real practice and say so in a comment on their first lines. The output is deterministic:
record i depends only on the seed and i, so a catalog of 100 is the first 100 of 1,000.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
import unicodedata
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import phrases as P  # noqa: E402

from generator import reference  # noqa: E402

HEADER = (
    "# yaml-language-server: $schema=../schema/{kind}.schema.json\n"
    "# Synthetic record written by bench/make_catalog.py for benchmarks: not a real {what}.\n"
)
KINDS = ["program", "network", "cooperative", "association", "policy", "study"]
ROLES = ["partner", "funder", "ally", "implementer", "evaluator"]
FORMS_OF_EXCHANGE = [
    "expert-visit",
    "learning-route",
    "technical-assistance",
    "internship",
    "virtual",
]
STATUSES = ["interest", "request", "formulation", "agreement", "execution", "evaluation", "closed"]
GOALS = [1, 2, 5, 8, 10, 12, 13, 15, 17]
LAST_YEAR = 2024


def make_catalog(n: int, out: Path, seed: int = 1) -> list[str]:
    """Write a project with `n` synthetic practices into `out`; return the practice ids."""
    vocab = _Vocab(ROOT / "vocabularies")
    out.mkdir(parents=True, exist_ok=True)
    for folder in ("vocabularies", "docs"):
        shutil.copytree(ROOT / folder, out / folder, dirs_exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", out / "mkdocs.yml")
    for folder in ("cases", "methodologies"):
        shutil.rmtree(out / folder, ignore_errors=True)
        (out / folder).mkdir()
    methods = _methodologies(vocab, seed)
    for method in methods:
        write_record(out / "methodologies" / f"{method['id']}.yaml", method, "methodology")
    ids: list[str] = []
    for i in range(n):
        case = _case(i, random.Random(f"minka-bench-{seed}-{i}"), vocab, methods, ids)
        write_record(out / "cases" / f"{case['id']}.yaml", case, "case")
        ids.append(case["id"])
    return ids


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of practices")
    parser.add_argument("out", type=Path, help="project folder to write (created if missing)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    make_catalog(args.n, args.out, args.seed)
    print(f"wrote {args.n} practices into {args.out}")


class _Vocab:
    """The repository's vocabularies, as the generator's pools."""

    def __init__(self, folder: Path):
        def terms(name):
            return yaml.safe_load((folder / f"{name}.yaml").read_text(encoding="utf-8"))["terms"]

        self.themes = [t["id"] for t in terms("themes")]
        self.chains = {t["id"]: (t["en"], t["es"]) for t in terms("value-chains")}
        self.populations = {t["id"]: (t["en"], t["es"]) for t in terms("populations")}
        self.regions = {t["id"] for t in terms("regions")}
        orgs = yaml.safe_load((folder / "organizations.yaml").read_text(encoding="utf-8"))
        self.orgs = {o["id"]: o for o in orgs["organizations"]}
        # Countries with places, as far as the vocabulary of regions knows their region.
        self.countries = [c for c, (region, _) in P.PLACES.items() if region in self.regions]
        self.framework = reference.sdg_framework()


def _case(i: int, rng: random.Random, vocab: _Vocab, methods: list[dict], ids: list[str]) -> dict:
    """Return one synthetic practice as YAML-ready data."""
    original = "es" if rng.random() < 0.6 else "en"
    countries = [rng.choice(vocab.countries)]
    if rng.random() < 0.15:
        countries += [rng.choice([c for c in vocab.countries if c != countries[0]])]
    region, places = P.PLACES[countries[0]]
    place_list = rng.sample(places, k=rng.randint(1, 3))
    chains = rng.sample(sorted(vocab.chains), k=rng.randint(1, 3))
    populations = rng.sample(sorted(vocab.populations), k=rng.randint(1, 2))
    orgs = sorted(vocab.orgs)
    lead = rng.choice(orgs)
    partners = rng.sample([o for o in orgs if o != lead], k=rng.randint(0, 3))
    start = rng.randint(1995, 2018)
    end = rng.choice([None, None, rng.randint(start + 1, LAST_YEAR)])
    documented = rng.randint(max(start + 1, 2005), LAST_YEAR)
    last = min(end or documented, documented)  # figures and phases end where the source does
    slots = _slots(
        rng, vocab, place_list[0], countries[0], chains, populations, lead, partners, start, last
    )
    title = _pick(rng, P.TITLES, slots)
    sources = _sources(rng, i, title, lead, vocab, original, documented)
    source_ids = [s["id"] for s in sources]
    case: dict = {
        "id": f"{_slug(title['en'], 50)}-{i + 1}",
        "title": title,
        "original_language": original,
        "kind": rng.choice(KINDS),
        "documented": documented,
        "summary": _paragraph(rng, P.SUMMARY, slots, 2, 3),
        "themes": rng.sample(vocab.themes, k=rng.randint(2, 4)),
        "countries": countries,
        "places": place_list,
        "region": region,
        "period": {"start": start, **({"end": end} if end else {"ongoing": True})},
        "value_chains": chains,
        "populations": populations,
        "market": {
            "reach": rng.sample(
                ["local", "regional", "national", "international"], k=rng.randint(1, 3)
            ),
            "transactions": rng.sample(["formal", "informal"], k=rng.randint(1, 2)),
        },
        "lead": lead,
        "partners": [{"org": org, "role": rng.choice(ROLES)} for org in partners],
    }
    initials = "".join(w[0] for w in re.findall(r"\w+", title["es"]) if w[0].isupper())
    if len(initials) >= 2 and rng.random() < 0.3:
        case["acronym"] = initials
    if rng.random() < 0.5:
        case["funding"] = [_funding(rng, orgs, source_ids, start, last)]
    case["beneficiaries"] = [
        {
            "type": _pair(rng.choice(P.BENEFICIARIES)),
            "number": rng.randint(20, 3000),
            "year": rng.randint(start, last),
            "source": rng.choice(source_ids),
        }
    ]
    case["context"] = _paragraph(rng, P.CONTEXT, slots, 2, 4)
    case["problem"] = _paragraph(rng, P.PROBLEM, slots, 2, 3)
    case["objectives"] = {
        "general": _pick(rng, P.OBJECTIVES, slots),
        "specific": _picks(rng, P.OBJECTIVES, slots, 2, 3),
    }
    case["solution"] = _paragraph(rng, P.SOLUTION, slots, 3, 5)
    case["phases"] = _phases(rng, slots, start, last)
    case["results"] = _paragraph(rng, P.RESULTS, slots, 2, 4)
    case["innovation_factors"] = _items(rng, P.INNOVATIONS, slots, 1, 3)
    case["success_factors"] = _factors(rng, slots)
    case["challenges"] = _items(rng, P.CHALLENGES, slots, 1, 2)
    if rng.random() < 0.4:
        case["lessons"] = _items(rng, P.INNOVATIONS, slots, 1, 2)
    case["prospects"] = _paragraph(rng, P.PROSPECTS, slots, 1, 2)
    if rng.random() < 0.3:
        case["stories"] = [{**_item(rng.choice(P.STORIES), slots), "place": place_list[0]}]
    case["key_figures"] = _figures(rng, slots, source_ids, start, last)
    if rng.random() < 0.3:
        case["breakdowns"] = [_breakdown(rng, vocab, chains, source_ids)]
    case["sdg"] = _sdg(rng, vocab.framework)
    if rng.random() < 0.5:
        case["value_added"] = {
            name: _fill(rng.choice(P.VALUE_ADDED), slots)
            for name in rng.sample(
                ["knowledge", "relationships", "visibility", "sdg_alignment", "differential_focus"],
                k=rng.randint(1, 3),
            )
        }
    if rng.random() < 0.6:
        case["methodologies"] = _method_refs(rng, methods)
    if rng.random() < 0.5:
        case["exchange"] = _exchange(rng, vocab, slots, lead, source_ids, start, last, i)
    if ids and rng.random() < 0.3:
        case["related"] = sorted(set(rng.sample(ids, k=min(len(ids), rng.randint(1, 2)))))
    case["sources"] = sources
    if rng.random() < 0.1:
        # Some sections not yet translated: the site shows the original with a note.
        other = "en" if original == "es" else "es"
        for name in ("context", "prospects"):
            case[name].pop(other)
    return case


def _slots(rng, vocab, place, country, chains, populations, lead, partners, start, last) -> dict:
    """Return the phrase slots of one record, per language."""
    form_en, form_es = rng.choice(P.FORMS)
    chain, chain2 = chains[0], (chains[1:] or [rng.choice(sorted(vocab.chains))])[0]
    product = rng.choice(P.PRODUCTS.get(chain) or [_chain_words(vocab.chains[chain])])
    pop = populations[0]
    pop_words = P.POPULATIONS.get(pop) or tuple(x.lower() for x in vocab.populations[pop])
    numbers = {
        "members": rng.randint(12, 900),
        "families": rng.randint(10, 400),
        "year": start,
        "year2": rng.randint(start + 1, last),
        "percent": rng.randint(8, 65),
        "hectares": rng.randint(2, 12),
        "volume": rng.randint(5, 900),
    }
    out = {}
    for k, lang in enumerate(("en", "es")):
        chain_name = _chain_words(vocab.chains[chain])[k]
        org_name = (
            f"the {place} {_titled(chain_name)} {_titled(form_en)}"
            if lang == "en"
            else f"la {_titled(form_es)} de {_titled(chain_name)} de {place}"
        )
        form = (form_en, form_es)[k]
        article = ("an" if form_en[0] in "aeiou" else "a") if lang == "en" else "una"
        values = {
            "org": org_name,
            "form": form,
            "form_lc": form,
            "a_form": f"{article} {form}",
            "chain": chain_name,
            "chain2": _chain_words(vocab.chains[chain2])[k],
            "product": product[k],
            "place": place,
            "country": reference.country_name(country, lang),
            "pop": pop_words[k],
            "lead": _org_short(vocab.orgs[lead], lang),
            "partner": _org_short(vocab.orgs[partners[0]] if partners else vocab.orgs[lead], lang),
            **numbers,
        }
        # {Org}, {Form}, ...: the same value with its first letter capitalized.
        values |= {key[0].upper() + key[1:]: _cap(str(v)) for key, v in values.items()}
        out[lang] = values
    return out


def _methodologies(vocab: _Vocab, seed: int) -> list[dict]:
    rng = random.Random(f"minka-bench-methods-{seed}")
    orgs = sorted(vocab.orgs)
    out = []
    for k, (method_id, en, es, modules) in enumerate(P.METHODOLOGIES):
        method = {
            "id": method_id,
            "title": {"en": en, "es": es},
            "original_language": rng.choice(["en", "es"]),
            "summary": {
                "en": f"{en}: a training method in {len(modules)} modules for producer "
                "organizations and the people who support them.",
                "es": f"{es}: un método de formación en {len(modules)} módulos para "
                "organizaciones de productores y quienes las acompañan.",
            },
            "themes": rng.sample(vocab.themes, k=2),
            "owner": [rng.choice(orgs)],
            "year": rng.randint(2000, 2020),
            "licence": "CC BY 4.0",
            "languages": ["en", "es"],
            "audience": {
                "en": "Leaders and staff of producer organizations.",
                "es": "Líderes y equipos de organizaciones de productores.",
            },
            "modules": [
                {
                    "id": mid,
                    "title": {"en": men, "es": mes},
                    "duration": {
                        "en": f"{rng.randint(1, 4)} days",
                        "es": f"{rng.randint(1, 4)} días",
                    },
                }
                for mid, men, mes in modules
            ],
            "sources": [
                {
                    "id": "guide",
                    "title": f"{en}: facilitator's guide",
                    "publisher": vocab.orgs[orgs[k % len(orgs)]]["name"]["en"],
                    "date": rng.randint(2000, 2020),
                    "language": "en",
                }
            ],
        }
        if k:
            method["related_methodologies"] = [
                {"id": P.METHODOLOGIES[k - 1][0], "relation": "follows"}
            ]
        out.append(method)
    return out


def _sources(rng, i, title, lead, vocab, lang, documented) -> list[dict]:
    publisher = vocab.orgs[lead]["name"][lang]
    out = [
        {
            "id": "systematization",
            "title": f"{title[lang]}: systematization of the experience"
            if lang == "en"
            else f"{title[lang]}: sistematización de la experiencia",
            "publisher": publisher,
            "date": documented,
            "language": lang,
        }
    ]
    if rng.random() < 0.5:
        out.append(
            {
                "id": "evaluation",
                "title": f"Evaluation report {i + 1}",
                "publisher": vocab.orgs[lead]["name"]["en"],
                "date": documented,
                "url": f"https://example.org/minka-bench/evaluation-{i + 1}.pdf",
                "language": "en",
            }
        )
    return out


def _funding(rng, orgs, source_ids, start, last) -> dict:
    return {
        "funder": rng.choice(orgs),
        "amount": rng.randint(20, 5000) * 1000,
        "currency": rng.choice(["USD", "USD", "EUR", "COP", "PEN"]),
        "per": rng.choice(["total", "year"]),
        "year": rng.randint(start, last),
        "source": rng.choice(source_ids),
    }


def _phases(rng, slots, start, last) -> list[dict]:
    # Phases keep the order of the pool (diagnosis before scaling up), on rising years.
    chosen = sorted(rng.sample(P.PHASES, k=rng.randint(2, 4)), key=P.PHASES.index)
    years = sorted(rng.randint(start, last) for _ in chosen)
    return [
        {"year": year, "title": {"en": t_en, "es": t_es}, "text": _fill((en, es), slots)}
        for year, (t_en, t_es, en, es) in zip(years, chosen, strict=False)
    ]


def _items(rng, pool, slots, low, high) -> list[dict]:
    return [_item(entry, slots) for entry in rng.sample(pool, k=rng.randint(low, high))]


def _item(entry, slots) -> dict:
    t_en, t_es, en, es = entry
    return {"title": _fill((t_en, t_es), slots), "text": _fill((en, es), slots)}


def _factors(rng, slots) -> list[dict]:
    out = []
    for fid, title, text, enabling, lessons in rng.sample(P.FACTORS, k=rng.randint(1, 3)):
        out.append(
            {
                "id": fid,
                "title": _fill(title, slots),
                "text": _fill(text, slots),
                "enabling_factors": [_fill(e, slots) for e in enabling],
                "lessons": [_fill(e, slots) for e in lessons],
            }
        )
    return out


def _figures(rng, slots, source_ids, start, last) -> list[dict]:
    out = []
    for u_en, u_es, l_en, l_es, low, high in rng.sample(P.FIGURES, k=rng.randint(2, 5)):
        out.append(
            {
                "value": rng.randint(low, high),
                "unit": {"en": u_en, "es": u_es},
                "label": _fill((l_en, l_es), slots),
                "year": rng.randint(start, last),
                "source": rng.choice(source_ids),
            }
        )
    if rng.random() < 0.4:
        out.append(
            {
                "value": rng.randint(10, 2000) * 1000,
                "currency": "USD",
                "label": {"en": "Annual sales", "es": "Ventas anuales"},
                "year": rng.randint(start, last),
                "source": rng.choice(source_ids),
            }
        )
    return out


def _breakdown(rng, vocab, chains, source_ids) -> dict:
    parts = (chains + rng.sample(sorted(vocab.chains), k=2))[: rng.randint(2, 4)]
    parts = list(dict.fromkeys(parts))
    if len(parts) < 2:
        parts.append(next(c for c in sorted(vocab.chains) if c not in parts))
    return {
        "title": {"en": "Producers per value chain", "es": "Productores por cadena de valor"},
        "unit": {"en": "producers", "es": "productores"},
        "source": rng.choice(source_ids),
        "items": [
            {
                "label": {"en": vocab.chains[c][0], "es": vocab.chains[c][1]},
                "value": rng.randint(5, 300),
            }
            for c in parts
        ],
    }


def _sdg(rng, framework) -> dict:
    goals = sorted(rng.sample(GOALS, k=rng.randint(1, 3)))
    targets = [t for t in framework["targets"] if int(t.split(".")[0]) in goals]
    chosen = sorted(rng.sample(targets, k=min(len(targets), rng.randint(1, 3))))
    indicators = [x for x in framework["indicators"] if x.rsplit(".", 1)[0] in chosen]
    out = {"goals": goals, "targets": chosen}
    if indicators and rng.random() < 0.5:
        out["indicators"] = [rng.choice(sorted(indicators))]
    return out


def _method_refs(rng, methods) -> list[str]:
    refs = []
    for method in rng.sample(methods, k=rng.randint(1, 2)):
        module = rng.choice([None, *[m["id"] for m in method["modules"]]])
        refs.append(f"{method['id']}#{module}" if module else method["id"])
    return refs


def _exchange(rng, vocab, slots, lead, source_ids, start, last, i) -> dict:
    out = {
        "offer": _fill(rng.choice(P.OFFER), slots),
        "interested_countries": rng.sample(vocab.countries, k=rng.randint(0, 3)),
        "contact": {"organization": lead, "email": f"exchange-{i + 1}@example.org"},
    }
    past = []
    for _ in range(rng.randint(0, 2)):
        past.append(
            {
                "partner_country": rng.choice(vocab.countries),
                "year": rng.randint(start, last),
                "form": rng.choice(FORMS_OF_EXCHANGE),
                "status": rng.choice(STATUSES),
                "source": rng.choice(source_ids),
            }
        )
    if past:
        out["exchanges"] = past
    return out


def _paragraph(rng, pool, slots, low, high) -> dict:
    chosen = rng.sample(pool, k=min(len(pool), rng.randint(low, high)))
    return {
        lang: " ".join(entry[k].format(**slots[lang]) for entry in chosen)
        for k, lang in enumerate(("en", "es"))
    }


def _pick(rng, pool, slots) -> dict:
    return _fill(rng.choice(pool), slots)


def _picks(rng, pool, slots, low, high) -> list[dict]:
    return [_fill(entry, slots) for entry in rng.sample(pool, k=rng.randint(low, high))]


def _fill(pair, slots) -> dict:
    return {lang: pair[k].format(**slots.get(lang, {})) for k, lang in enumerate(("en", "es"))}


def _pair(pair) -> dict:
    return {"en": pair[0], "es": pair[1]}


def _chain_words(labels: tuple[str, str]) -> tuple[str, str]:
    """A value chain as a sentence names it: 'Panela (non-centrifugal ...)' -> 'panela'."""
    return tuple(re.sub(r"\s*\(.*\)", "", label).lower() for label in labels)


def _org_short(org: dict, lang: str) -> str:
    acronym = org.get("acronym")  # one string, or {en, es} where the languages differ
    return (acronym[lang] if isinstance(acronym, dict) else acronym) or org["name"][lang]


def _titled(words: str) -> str:
    small = {"and", "of", "y", "de", "del", "en"}
    return " ".join(w if w in small else _cap(w) for w in words.split())


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _slug(text: str, size: int) -> str:
    """Return `text` as a slug of at most `size` characters, cut between words."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug if len(slug) <= size else slug[: size + 1].rsplit("-", 1)[0]


def write_record(path: Path, data: dict, kind: str) -> None:
    """Write one record as YAML with its schema line and its synthetic-record note."""
    what = "practice" if kind == "case" else "methodology"
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(HEADER.format(kind=kind, what=what) + body, encoding="utf-8")


if __name__ == "__main__":
    main()
