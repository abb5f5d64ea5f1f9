"""Agreements and provisions as CSV and JSON, both ways. An import is read whole and checked whole
before anything is stored: a malformed file is refused with every line and field at fault, and the
database is left as it was."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from council.audit.services import record
from council.core.refusals import Refusal
from council.councils.models import Country, Region
from council.extensions import db
from council.monitoring import services
from council.monitoring.models import STAGES, Agreement, Provision, ProvisionCategory

MAX_BYTES = 2_000_000
MAX_ERRORS = 20
AGREEMENT_COLUMNS = ("country", "signed_on", "stage", "parties", "third_parties", "text_url", "text_languages")
PROVISION_COLUMNS = ("reference", "category", "responsible_actors", "deadline", "gender_stipulation", "regions")


def _languages() -> list[str]:
    return list(current_app.config["LANGUAGES"])


def _region_label(region: Region) -> str:
    return region.names.get("en") or next(iter(v for v in region.names.values() if v), str(region.id))


# --- export ----------------------------------------------------------------------------------------


def as_data(agreement: Agreement, provisions: list[Provision]) -> dict[str, Any]:
    """The agreement and its provisions as plain data (what the JSON export holds)."""
    return {
        "agreement": {
            "country": agreement.country.code,
            "signed_on": agreement.signed_on.isoformat() if agreement.signed_on else "",
            "stage": agreement.stage, "parties": agreement.parties, "third_parties": agreement.third_parties,
            "text_url": agreement.text_url, "text_languages": list(agreement.text_languages or []),
            "titles": {t.language: t.title for t in agreement.texts},
            "short_names": {t.language: t.short_name for t in agreement.texts if t.short_name},
        },
        "provisions": [{
            "reference": p.reference, "category": p.category.key, "responsible_actors": p.responsible_actors,
            "deadline": p.deadline.isoformat() if p.deadline else "", "gender_stipulation": p.gender_stipulation,
            "regions": [_region_label(r) for r in p.regions],
            "titles": {t.language: t.title for t in p.texts},
            "excerpts": {t.language: t.excerpt for t in p.texts if t.excerpt},
        } for p in provisions],
    }


def to_json(agreement: Agreement, provisions: list[Provision]) -> str:
    return json.dumps(as_data(agreement, provisions), ensure_ascii=False, indent=1)


def _csv_header() -> list[str]:
    langs = _languages()
    return ([f"agreement_{c}" for c in AGREEMENT_COLUMNS] + [f"agreement_title_{lang}" for lang in langs]
            + [f"agreement_short_name_{lang}" for lang in langs] + list(PROVISION_COLUMNS)
            + [f"title_{lang}" for lang in langs] + [f"excerpt_{lang}" for lang in langs])


def to_csv(agreement: Agreement, provisions: list[Provision]) -> str:
    """One line per provision; the agreement's columns repeat on every line."""
    data = as_data(agreement, provisions)
    a = data["agreement"]
    head = {f"agreement_{c}": (";".join(a[c]) if c == "text_languages" else a[c]) for c in AGREEMENT_COLUMNS}
    for lang in _languages():
        head[f"agreement_title_{lang}"] = a["titles"].get(lang, "")
        head[f"agreement_short_name_{lang}"] = a["short_names"].get(lang, "")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=_csv_header())
    writer.writeheader()
    for p in data["provisions"]:
        row = dict(head, reference=p["reference"], category=p["category"], responsible_actors=p["responsible_actors"],
                   deadline=p["deadline"], gender_stipulation="yes" if p["gender_stipulation"] else "no",
                   regions=";".join(p["regions"]))
        for lang in _languages():
            row[f"title_{lang}"] = p["titles"].get(lang, "")
            row[f"excerpt_{lang}"] = p["excerpts"].get(lang, "")
        writer.writerow(row)
    return out.getvalue()


# --- import ----------------------------------------------------------------------------------------


def _split(value: str) -> list[str]:
    return [part.strip() for part in (value or "").split(";") if part.strip()]


def from_csv(text: str) -> dict[str, Any]:
    """The plain data of a CSV export (checked later by load())."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("agreement_country", "agreement_stage", "reference", "category")
               if c not in (reader.fieldnames or [])]
    if missing:
        raise Refusal(_("The file lacks the columns: %(columns)s.", columns=", ".join(missing)))
    provisions, agreement, last = [], None, 1
    for row in reader:
        line, last = last + 1, reader.line_num  # where the record starts (a quoted field may span lines)
        row = {k: (v or "").strip() for k, v in row.items() if k}
        if agreement is None:
            agreement = {c: row.get(f"agreement_{c}", "") for c in AGREEMENT_COLUMNS}
            agreement["text_languages"] = _split(agreement["text_languages"])
            agreement["titles"] = {lang: row.get(f"agreement_title_{lang}", "") for lang in _languages()}
            agreement["short_names"] = {lang: row.get(f"agreement_short_name_{lang}", "") for lang in _languages()}
        provisions.append({
            "reference": row.get("reference", ""), "category": row.get("category", ""),
            "responsible_actors": row.get("responsible_actors", ""), "deadline": row.get("deadline", ""),
            "gender_stipulation": row.get("gender_stipulation", ""), "regions": _split(row.get("regions", "")),
            "titles": {lang: row.get(f"title_{lang}", "") for lang in _languages()},
            "excerpts": {lang: row.get(f"excerpt_{lang}", "") for lang in _languages()},
            "_line": line,
        })
    if agreement is None:
        raise Refusal(_("The file holds no provision."))
    return {"agreement": agreement, "provisions": provisions}


def from_json(text: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except ValueError as error:
        raise Refusal(_("The file is not valid JSON (line %(line)s).", line=getattr(error, "lineno", "?"))) from None
    if not isinstance(data, dict) or not isinstance(data.get("agreement"), dict) \
            or not isinstance(data.get("provisions"), list):
        raise Refusal(_("The file must hold an object with “agreement” and “provisions”."))
    return data


def _date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    return date.fromisoformat(str(value))


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value or "").strip().lower()
    if text in ("yes", "true", "1"):
        return True
    if text in ("no", "false", "0", ""):
        return False
    raise ValueError(text)


def _texts(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ValueError(value)
    return {str(k): str(v or "") for k, v in value.items() if str(k) in _languages()}


def load(data: dict[str, Any], *, actor, csv_lines: bool = True) -> Agreement:
    """Check `data` whole, then create the agreement and its provisions (or refuse, listing errors)."""
    errors: list[str] = []

    provisions = data.get("provisions") or []

    def where(index: int | None, field: str) -> str:
        if index is None:
            return _("Agreement, %(field)s", field=field)
        if csv_lines:
            return _("Line %(line)s, %(field)s", line=provisions[index].get("_line", index + 2), field=field)
        return _("Provision %(number)s, %(field)s", number=index + 1, field=field)

    def fail(index: int | None, field: str, message: str) -> None:
        errors.append(f"{where(index, field)}: {message}")

    a = data["agreement"]
    country = db.session.scalar(select(Country).where(Country.code == str(a.get("country") or "")))
    if country is None:
        fail(None, "country", _("no country has this code."))
    if a.get("stage") not in STAGES:
        fail(None, "stage", _("not one of the stages."))
    try:
        signed_on = _date(a.get("signed_on"))
    except ValueError:
        fail(None, "signed_on", _("not a date (write YYYY-MM-DD)."))
    try:
        titles, shorts = _texts(a.get("titles")), _texts(a.get("short_names") or {})
        if not any(titles.values()):
            fail(None, "title", _("give the title in at least one language."))
    except ValueError:
        fail(None, "titles", _("not a set of texts per language."))
    services.seed_categories()
    categories = {c.key: c.id for c in db.session.scalars(select(ProvisionCategory))}
    regions = {}
    if country is not None:
        for region in db.session.scalars(select(Region).where(Region.country_id == country.id)):
            for name in region.names.values():
                regions[name.casefold()] = region.id
    rows, seen = [], set()
    for i, p in enumerate(provisions):
        if not isinstance(p, dict):
            fail(i, "provision", _("not a provision."))
            continue
        row: dict[str, Any] = {"reference": str(p.get("reference") or "").strip()}
        if not row["reference"] or len(row["reference"]) > 60:
            fail(i, "reference", _("give a reference of at most 60 characters."))
        elif row["reference"] in seen:
            fail(i, "reference", _("this reference appears twice."))
        seen.add(row["reference"])
        row["category_id"] = categories.get(str(p.get("category") or ""))
        if row["category_id"] is None:
            fail(i, "category", _("not a category of the catalogue."))
        try:
            row["deadline"] = _date(p.get("deadline"))
        except ValueError:
            fail(i, "deadline", _("not a date (write YYYY-MM-DD)."))
        try:
            row["gender_stipulation"] = _bool(p.get("gender_stipulation"))
        except ValueError:
            fail(i, "gender_stipulation", _("write yes or no."))
        names = p.get("regions") or []
        row["region_ids"] = [regions.get(str(n).casefold()) for n in (names if isinstance(names, list) else [names])]
        if None in row["region_ids"]:
            fail(i, "regions", _("a region is not one of the country's regions."))
        try:
            titles_p, excerpts = _texts(p.get("titles")), _texts(p.get("excerpts") or {})
            if not any(titles_p.values()):
                fail(i, "title", _("give the title in at least one language."))
            row["texts"] = {lang: {"title": titles_p.get(lang, ""), "excerpt": excerpts.get(lang, "")}
                            for lang in set(titles_p) | set(excerpts)}
        except ValueError:
            fail(i, "titles", _("not a set of texts per language."))
        row["responsible_actors"] = str(p.get("responsible_actors") or "")
        rows.append(row)
    if not rows and not errors:
        errors.append(_("The file holds no provision."))
    if errors:
        shown = errors[:MAX_ERRORS]
        raise Refusal(_("Nothing was imported. Correct the file and try again: %(errors)s",
                        errors=" · ".join(shown)))
    texts = {lang: {"title": titles.get(lang, ""), "short_name": shorts.get(lang, "")}
             for lang in set(titles) | set(shorts)}
    agreement = services.create_agreement(
        country_id=country.id, texts=texts, actor=actor, stage=a["stage"], signed_on=signed_on,
        parties=str(a.get("parties") or ""), third_parties=str(a.get("third_parties") or ""),
        text_url=str(a.get("text_url") or ""),
        text_languages=[x for x in (a.get("text_languages") or []) if isinstance(x, str)])
    for row in rows:
        services.save_provision(agreement, None, texts=row.pop("texts"), category_id=row.pop("category_id"),
                                region_ids=row.pop("region_ids"), actor=actor, **row)
    record(actor, "agreement.import", agreement, after={"provisions": len(rows)})
    return agreement


def read_upload(raw: bytes, filename: str, *, actor) -> Agreement:
    """An uploaded file, CSV or JSON by its name (or its first character)."""
    if len(raw) > MAX_BYTES:
        raise Refusal(_("The file is too large (at most 2 MB)."), field="file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Refusal(_("The file is not UTF-8 text."), field="file") from None
    if not text.strip():
        raise Refusal(_("The file is empty."), field="file")
    if filename.lower().endswith(".json") or text.lstrip().startswith("{"):
        return load(from_json(text), actor=actor, csv_lines=False)
    return load(from_csv(text), actor=actor)
