"""The admin area: countries, regions, councils, council roles and accounts.

Thin views: load, authorise (every view is behind Permission.ADMINISTER), validate, call a
service with actor=current_user, commit once, redirect after POST."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from council.admin import forms
from council.audit.models import AuditEvent
from council.auth import services as auth_services
from council.auth.models import User, UserStatus
from council.core import refusals
from council.core.refusals import Refusal
from council.councils import setup
from council.councils.models import Council, Country, Membership, Region
from council.extensions import db
from council.i18n import localized
from council.permissions import Permission, site_required

bp = Blueprint("admin", __name__, url_prefix="/admin")

PER_PAGE = 25
MAX_PAGE = 100_000


@bp.before_request
@site_required(Permission.ADMINISTER)
def _administrators_only():
    """Every page of the admin area is for administrators only."""
    return None


@bp.context_processor
def _helpers():
    return {"localized": localized, "council_names": setup.council_names, "language_name": forms.language_name}


def page_arg() -> int:
    return min(max(request.args.get("page", 1, type=int) or 1, 1), MAX_PAGE)


def _fail(form, field, error: Refusal) -> None:
    """Show a refusal next to `field` (set-up refusals do not name one) and undo what was flushed."""
    error.field = error.field or field
    refusals.show(error, form)


@bp.get("")
def index():
    counts = {
        "countries": db.session.scalar(select(func.count(Country.id))),
        "regions": db.session.scalar(select(func.count(Region.id))),
        "councils": db.session.scalar(select(func.count(Council.id))),
        "users": db.session.scalar(select(func.count(User.id)).where(User.status != UserStatus.DELETED.value)),
        "events": db.session.scalar(select(func.count(AuditEvent.id))),
    }
    return render_template("admin/index.html", counts=counts)


# --- countries and regions ---------------------------------------------------------------------


@bp.get("/countries")
def countries():
    rows = db.session.scalars(select(Country).options(selectinload(Country.regions)).order_by(Country.code)).all()
    return render_template("admin/countries.html", countries=rows)


@bp.route("/countries/new", methods=["GET", "POST"])
def country_new():
    form = forms.country_form()
    if form.validate_on_submit():
        try:
            country = setup.create_country(code=form.code.data, names=form.names(), actor=current_user)
        except Refusal as error:
            _fail(form, "code", error)
        else:
            flash(_("The country has been created."), "success")
            return redirect(url_for(".regions", country_id=country.id))
    return render_template("admin/country_form.html", form=form, country=None)


@bp.route("/countries/<int:country_id>", methods=["GET", "POST"])
def country_edit(country_id: int):
    country = db.get_or_404(Country, country_id)
    form = forms.country_form(code=country.code)
    if request.method == "GET":
        form.fill_names(country.names)
    if form.validate_on_submit():
        try:
            changed = setup.edit_country(country, code=form.code.data, names=form.names(), actor=current_user)
        except Refusal as error:
            _fail(form, "code", error)
        else:
            flash(_("The country has been saved.") if changed else _("Nothing was changed."), "success")
            return redirect(url_for(".countries"))
    return render_template("admin/country_form.html", form=form, country=country)


@bp.get("/countries/<int:country_id>/regions")
def regions(country_id: int):
    country = db.get_or_404(Country, country_id)
    rows = db.session.scalars(
        select(Region).where(Region.country_id == country.id).options(selectinload(Region.councils)).order_by(Region.id)
    ).all()
    return render_template("admin/regions.html", country=country, regions=rows)


@bp.route("/countries/<int:country_id>/regions/new", methods=["GET", "POST"])
def region_new(country_id: int):
    country = db.get_or_404(Country, country_id)
    form = forms.region_form()
    if form.validate_on_submit():
        try:
            setup.create_region(country, names=form.names(), actor=current_user)
        except Refusal as error:
            _fail(form, form.name_fields()[0].name, error)
        else:
            flash(_("The region has been created."), "success")
            return redirect(url_for(".regions", country_id=country.id))
    return render_template("admin/region_form.html", form=form, country=country, region=None)


@bp.route("/regions/<int:region_id>", methods=["GET", "POST"])
def region_edit(region_id: int):
    region = db.get_or_404(Region, region_id)
    form = forms.region_form()
    if request.method == "GET":
        form.fill_names(region.names)
    if form.validate_on_submit():
        try:
            changed = setup.edit_region(region, names=form.names(), actor=current_user)
        except Refusal as error:
            _fail(form, form.name_fields()[0].name, error)
        else:
            flash(_("The region has been saved.") if changed else _("Nothing was changed."), "success")
            return redirect(url_for(".regions", country_id=region.country_id))
    return render_template("admin/region_form.html", form=form, country=region.country, region=region)


# --- councils ----------------------------------------------------------------------------------


def _region_choices() -> list[tuple[str, str, dict]]:
    rows = db.session.scalars(select(Region).options(selectinload(Region.country)).order_by(Region.country_id, Region.id))
    # Names of places, not interface text: marked so that nobody translates them.
    return [
        (str(r.id), _("%(region)s (%(country)s)", region=localized(r.names)[0], country=localized(r.country.names)[0]),
         {"translate": "no", "dir": "auto"})
        for r in rows
    ]


def _save_council(form, council: Council | None):
    """Create or edit from a validated form; returns the council, or None after a refusal."""
    region = db.session.get(Region, int(form.region.data))
    values = dict(
        region=region,
        texts=form.texts(),
        working_languages=[lang for lang in form.languages if lang in form.working_languages.data],
        allow_anonymous=form.allow_anonymous.data,
        women_target_percent=form.women_target_percent.data,
        actor=current_user,
    )
    try:
        if council is None:
            council = setup.create_council(**values)
        else:
            setup.edit_council(council, **values)
    except Refusal as error:
        _fail(form, "name_" + form.languages[0], error)
        return None
    return council


@bp.get("/councils")
def councils():
    rows = db.session.scalars(
        select(Council)
        .options(selectinload(Council.texts), selectinload(Council.region).selectinload(Region.country))
        .order_by(Council.region_id, Council.id)
    ).all()
    return render_template("admin/councils.html", councils=rows)


@bp.route("/councils/new", methods=["GET", "POST"])
def council_new():
    form = forms.council_form(_region_choices(), region=request.args.get("region", "", type=str))
    if form.validate_on_submit():
        council = _save_council(form, None)
        if council is not None:
            flash(_("The council has been created."), "success")
            return redirect(url_for(".council_roles", council_id=council.id))
    return render_template("admin/council_form.html", form=form, council=None)


@bp.route("/councils/<int:council_id>", methods=["GET", "POST"])
def council_edit(council_id: int):
    council = db.get_or_404(Council, council_id)
    form = forms.council_form(
        _region_choices(),
        region=str(council.region_id),
        working_languages=list(council.working_languages or []),
        allow_anonymous=council.allow_anonymous,
        women_target_percent=council.women_target_percent,
    )
    if request.method == "GET":
        form.fill_texts(setup.council_names(council), setup.council_mandates(council))
    if form.validate_on_submit():
        if _save_council(form, council) is not None:
            flash(_("The council has been saved."), "success")
            return redirect(url_for(".councils"))
    return render_template("admin/council_form.html", form=form, council=council)


@bp.route("/councils/<int:council_id>/roles", methods=["GET", "POST"])
def council_roles(council_id: int):
    council = db.get_or_404(Council, council_id)
    form = forms.CouncilRoleForm()
    if form.validate_on_submit():
        user = auth_services.user_by_email(form.email.data)
        if user is None or user.status == UserStatus.DELETED.value:
            form.email.errors = [*form.email.errors, _("There is no account with this e-mail address.")]
        else:
            setup.set_council_role(council, user, form.role.data, actor=current_user)
            flash(_("%(name)s now has the role “%(role)s” in this council.", name=user.display_name,
                    role=dict(forms.ROLE_CHOICES)[form.role.data]), "success")
            return redirect(url_for(".council_roles", council_id=council.id))
    return render_template("admin/council_roles.html", council=council, form=form, staff=setup.council_staff(council))


@bp.post("/councils/<int:council_id>/roles/<int:user_id>/remove")
def council_role_remove(council_id: int, user_id: int):
    council = db.get_or_404(Council, council_id)
    user = db.get_or_404(User, user_id)
    if setup.set_council_role(council, user, None, actor=current_user) is None:
        abort(404)
    flash(_("%(name)s no longer has a role in this council.", name=user.display_name), "success")
    return redirect(url_for(".council_roles", council_id=council.id))


# --- accounts ----------------------------------------------------------------------------------


@bp.get("/users")
def users():
    form = forms.UserSearchForm(formdata=request.args)
    query = select(User).order_by(User.display_name, User.id)
    if form.validate() and form.q.data:
        q = form.q.data.lower()
        query = query.where(or_(func.lower(User.email).contains(q, autoescape=True),
                                func.lower(User.display_name).contains(q, autoescape=True)))
    page = db.paginate(query, page=page_arg(), per_page=PER_PAGE, max_per_page=PER_PAGE, error_out=False)
    return render_template("admin/users.html", form=form, page=page, q=form.q.data if not form.errors else "")


@bp.get("/users/<int:user_id>")
def user_detail(user_id: int):
    user = db.get_or_404(User, user_id)
    memberships = db.session.scalars(
        select(Membership)
        .where(Membership.user_id == user.id)
        .options(selectinload(Membership.council).selectinload(Council.texts))
        .order_by(Membership.id)
    ).all()
    form = forms.SiteRoleForm(site_role=user.site_role or "")
    return render_template("admin/user.html", user=user, memberships=memberships, form=form)


@bp.post("/users/<int:user_id>/site-role")
def user_site_role(user_id: int):
    user = db.get_or_404(User, user_id)
    form = forms.SiteRoleForm()
    if not form.validate():
        flash(_("Choose one of the roles in the list."), "error")
    elif user.id == current_user.id and form.site_role.data != "admin":
        flash(_("You cannot remove your own administrator role. Ask another administrator to do it."), "error")
    elif user.status == UserStatus.DELETED.value:
        flash(_("This account has been deleted."), "error")
    else:
        auth_services.set_site_role(user, form.site_role.data or None, actor=current_user)
        flash(_("The site role has been saved."), "success")
    return redirect(url_for(".user_detail", user_id=user.id))


@bp.post("/users/<int:user_id>/suspend")
def user_suspend(user_id: int):
    user = db.get_or_404(User, user_id)
    if user.id == current_user.id:
        flash(_("You cannot suspend your own account."), "error")
    elif user.status != UserStatus.ACTIVE.value:
        flash(_("Only an active account can be suspended."), "error")
    else:
        auth_services.suspend(user, actor=current_user)
        flash(_("The account has been suspended and signed out everywhere."), "success")
    return redirect(url_for(".user_detail", user_id=user.id))


@bp.post("/users/<int:user_id>/reinstate")
def user_reinstate(user_id: int):
    user = db.get_or_404(User, user_id)
    if user.status != UserStatus.SUSPENDED.value:
        flash(_("Only a suspended account can be reinstated."), "error")
    else:
        auth_services.reinstate(user, actor=current_user)
        flash(_("The account has been reinstated."), "success")
    return redirect(url_for(".user_detail", user_id=user.id))
