"""The office reader's home: the digest page (printable), its CSV and JSON exports, its Atom feed
opened by a per-reader token, and the settings (what to follow, the e-mail day, the feed's address)."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from council.core import refusals
from council.councils.models import Council
from council.councils.queries import council_name
from council.digests import charts, exports, following, services
from council.digests import digest as digest_module
from council.digests.forms import PeriodForm, SettingsForm
from council.digests.models import DEFAULT_MAIL_DAY, DigestFollow
from council.extensions import db
from council.forwarding.models import Destination
from council.i18n import localized
from council.permissions import destination_ids

bp = Blueprint("digests", __name__, url_prefix="/digest")


def _require_reader() -> None:
    if not current_user.is_authenticated:
        abort(redirect(url_for("auth.login", next=request.full_path.rstrip("?"))))
    if not following.may_have_digest(current_user):
        abort(403)


def _period():
    """(form, start, end): the period asked for, else this week (a bad one is said on the form)."""
    form = PeriodForm(request.args)
    period = form.period() if form.validate() else None
    return form, *(period or (None, None))


def _charts(digest) -> dict[str, object]:
    return {table.key: charts.bars(table, f"chart-{table.key}")
            for _section, table in digest.tables() if table.chart == "bars" and table.rows}


@bp.get("")
def home():
    _require_reader()
    form, start, end = _period()
    digest = digest_module.build(current_user, start, end)
    return render_template("digests/home.html", digest=digest, form=form, charts=_charts(digest), cell=exports.cell)


@bp.get("/export.<any(csv,json):fmt>")
def export(fmt: str):
    _require_reader()
    form, start, end = _period()
    if form.errors:
        return Response(" ".join(str(e) for errors in form.errors.values() for e in errors) + "\n", status=400,
                        mimetype="text/plain")
    digest = digest_module.build(current_user, start, end)
    body, mimetype = ((exports.to_csv(digest), "text/csv; charset=utf-8") if fmt == "csv"
                      else (exports.to_json(digest), "application/json"))
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="digest-{digest.start.isoformat()}-{digest.end.isoformat()}.{fmt}"'})


@bp.get("/feed/<token>.atom")
def feed(token: str):
    """The reader's digest as an Atom feed, for a feed reader that cannot sign in: the token in the
    address stands for the reader, and shows exactly what the reader's page shows."""
    reader = services.reader_for_token(token)
    if reader is None:
        abort(404)
    form, start, end = _period()
    if form.errors:
        abort(400)
    digest = digest_module.build(reader, start, end)
    body = render_template("digests/feed.xml", digest=digest, cell=exports.cell,
                           page_url=url_for(".home", start=digest.start.isoformat(), end=digest.end.isoformat(),
                                            _external=True),
                           feed_url=request.base_url)
    return Response(body, mimetype="application/atom+xml", headers={"Cache-Control": "private, no-store"})


# --- settings ------------------------------------------------------------------------------------


def _choices():
    councils = db.session.scalars(select(Council).options(selectinload(Council.texts))).all()
    council_choices = sorted(((c.id, council_name(c).text) for c in councils), key=lambda c: c[1].casefold())
    readable = destination_ids(current_user)
    destinations = db.session.scalars(select(Destination).where(Destination.id.in_(readable or {-1}))
                                      .order_by(Destination.id)).all()
    return council_choices, [(d.id, localized(d.names)[0]) for d in destinations]


def _settings_page(form: SettingsForm, *, status: int = 200):
    settings = following.settings_of(current_user)
    follows = following.following(current_user, settings)
    return render_template("digests/settings.html", form=form, follows=follows, settings=settings), status


@bp.route("/settings", methods=["GET", "POST"])
def settings():
    _require_reader()
    form = SettingsForm()
    form.councils.choices, form.destinations.choices = _choices()
    if request.method == "GET":
        stored = following.settings_of(current_user)
        follows = following.following(current_user, stored)
        if follows.chosen:
            rows = db.session.scalars(select(DigestFollow).where(DigestFollow.user_id == current_user.id)).all()
            form.councils.data = [r.council_id for r in rows if r.council_id is not None]
        else:
            form.councils.data = list(follows.council_ids)
        form.destinations.data = list(follows.destination_ids)
        day = stored.mail_day if stored is not None else DEFAULT_MAIL_DAY
        form.mail_day.data = "" if day is None else str(day)
        return _settings_page(form)
    if not form.validate():
        return _settings_page(form, status=400)
    try:
        if form.defaults.data:
            services.use_defaults(current_user, mail_day=form.day())
        else:
            services.save_settings(current_user, council_ids=form.councils.data or [],
                                   destination_ids_chosen=form.destinations.data or [], mail_day=form.day())
    except refusals.Refusal as error:
        refusals.show(error, form)
        return _settings_page(form, status=400)
    flash(_("Your digest settings are saved."), "success")
    return redirect(url_for(".settings"))


@bp.post("/settings/feed")
def create_feed():
    _require_reader()
    token = services.create_feed_token(current_user)
    return render_template("digests/feed_created.html", feed_url=url_for(".feed", token=token, _external=True))


@bp.post("/settings/feed/revoke")
def revoke_feed():
    _require_reader()
    if services.revoke_feed_token(current_user):
        flash(_("The feed's address is revoked: feed readers using it get nothing more."), "success")
    return redirect(url_for(".settings"))
