"""The council directory, a council's public page, applying, the facilitators' queue,
invitations, the member list and leaving."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from council import permissions
from council.core import refusals
from council.core.refusals import Refusal
from council.councils import charts, composition, queries, services
from council.councils.forms import ApplyForm, ConfirmForm, DecisionForm, InviteForm
from council.councils.models import Council, Invitation, Membership
from council.extensions import client_address, db, limiter
from council.permissions import Permission, can, council_required

bp = Blueprint("councils", __name__)

for _helper in (
    queries.council_name,
    queries.council_mandate,
    queries.place_name,
    queries.language_label,
    queries.constituency_label,
    queries.gender_label,
    queries.role_label,
    queries.status_label,
    services.may_suspend,
    services.may_reinstate,
):
    bp.add_app_template_global(_helper)


def _login_here():
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


# --- public pages --------------------------------------------------------------------------------


@bp.get("/councils")
def directory():
    """Every council, by country and region."""
    return render_template("councils/directory.html", countries=queries.directory())


@bp.get("/councils/<int:council_id>")
@council_required(Permission.VIEW_DIRECTORY)
def detail(council: Council):
    """A council's public page: name, mandate, place, languages and composition."""
    published = composition.published(council)
    return render_template(
        "councils/detail.html",
        council=council,
        published=published,
        composition_charts=charts.composition(published.composition),
        own=permissions.membership(current_user, council),
    )


# --- applying ------------------------------------------------------------------------------------


@bp.route("/councils/<int:council_id>/apply", methods=["GET", "POST"])
@council_required(Permission.VIEW_DIRECTORY)
def apply(council: Council):
    """Apply to join a council with a statement of whom one represents."""
    if not current_user.is_authenticated:
        return _login_here()
    if not can(current_user, Permission.APPLY, council):
        own = permissions.membership(current_user, council)
        if own is None or own.status not in (services.APPLIED, services.ACTIVE):
            abort(403)
        flash(_("You have already applied to this council.") if own.status == services.APPLIED
              else _("You are already part of this council."), "info")
        return redirect(url_for(".detail", council_id=council.id))
    form = ApplyForm(constituency=current_user.constituency)
    if form.validate_on_submit():
        try:
            services.apply(council, statement=form.statement.data, constituency=form.constituency.data,
                           actor=current_user)
        except Refusal as error:
            refusals.show(error, category="info")
            return redirect(url_for(".detail", council_id=council.id))
        flash(_("Your application has been sent. A facilitator of the council will answer it."), "success")
        return redirect(url_for("core.dashboard"))
    return render_template("councils/apply.html", council=council, form=form), 400 if form.errors else 200


# --- the facilitators' queue ---------------------------------------------------------------------


def _queue(council: Council, failed: tuple[int, DecisionForm] | None = None, status: int = 200):
    applications = queries.applications(council)
    return render_template(
        "councils/applications.html",
        council=council,
        applications=applications,
        projected=queries.projected_composition(council, applications),
        composition=queries.composition(council),
        failed=failed,
    ), status


@bp.get("/councils/<int:council_id>/applications")
@council_required(Permission.MANAGE_MEMBERS)
def applications(council: Council):
    """Applications waiting for a decision, each with the composition the council would have."""
    return _queue(council)


@bp.post("/councils/<int:council_id>/applications/<int:membership_id>/decide")
@council_required(Permission.MANAGE_MEMBERS)
def decide(council: Council, membership_id: int):
    """Approve or decline one application, with an optional message."""
    m = db.first_or_404(select(Membership).filter_by(id=membership_id, council_id=council.id))
    form = DecisionForm()
    if not form.validate_on_submit():
        return _queue(council, failed=(m.id, form), status=400)
    approve = form.decision.data == "approve"
    try:
        services.decide(m, approve=approve, message=form.message.data or "", actor=current_user)
    except Refusal as error:
        refusals.show(error, category="info")
        return redirect(url_for(".applications", council_id=council.id))
    name = m.user.display_name
    flash(_("%(name)s is now a member of the council.", name=name) if approve
          else _("The application of %(name)s has been declined.", name=name), "success")
    return redirect(url_for(".applications", council_id=council.id))


# --- invitations ---------------------------------------------------------------------------------


def _invitations_limit() -> str:
    return current_app.config["RATELIMIT_INVITATIONS_PER_FACILITATOR"]


def _inviter_key() -> str:
    return f"invitations:user:{current_user.id}" if current_user.is_authenticated else "invitations:" + client_address()


def _invitation_sent(response) -> bool:
    return response.status_code == 302


@bp.route("/councils/<int:council_id>/invitations", methods=["GET", "POST"])
@limiter.limit(_invitations_limit, methods=["POST"], key_func=_inviter_key, deduct_when=_invitation_sent)
@council_required(Permission.MANAGE_MEMBERS)
def invitations(council: Council):
    """Invite someone by e-mail; list the invitations still waiting."""
    form = InviteForm(language=queries.default_invitation_language(council))
    if form.validate_on_submit():
        try:
            services.invite(council, email=form.email.data, role=form.role.data, language=form.language.data,
                            actor=current_user)
        except Refusal as error:
            refusals.show(error, form)
        else:
            flash(_("The invitation has been sent to %(email)s.", email=form.email.data), "success")
            return redirect(url_for(".invitations", council_id=council.id))
    return render_template(
        "councils/invitations.html", council=council, form=form, pending=queries.pending_invitations(council)
    ), 400 if form.errors else 200


@bp.post("/councils/<int:council_id>/invitations/<int:invitation_id>/withdraw")
@council_required(Permission.MANAGE_MEMBERS)
def withdraw_invitation(council: Council, invitation_id: int):
    invitation = db.first_or_404(select(Invitation).filter_by(id=invitation_id, council_id=council.id))
    if ConfirmForm().validate_on_submit():
        try:
            services.revoke_invitation(invitation, actor=current_user)
            flash(_("The invitation to %(email)s has been withdrawn.", email=invitation.email), "success")
        except Refusal as error:
            refusals.show(error, category="info")
    return redirect(url_for(".invitations", council_id=council.id))


@bp.route("/invitations/<token>", methods=["GET", "POST"])
def invitation(token: str):
    """The page behind an invitation link: sign in first, then accept."""
    g.no_store = True
    found = services.find_invitation(token)
    if found is None:
        return render_template("councils/invitation_invalid.html"), 404
    if not current_user.is_authenticated:
        if request.method == "POST":
            return _login_here()
        return render_template("councils/invitation.html", invitation=found, council=found.council, form=None)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            services.accept_invitation(found, actor=current_user)
        except Refusal as error:
            refusals.show(error, category="info")
            return redirect(url_for(".detail", council_id=found.council_id))
        flash(_("Welcome to the council."), "success")
        return redirect(url_for(".detail", council_id=found.council_id))
    return render_template("councils/invitation.html", invitation=found, council=found.council, form=form,
                           own=permissions.membership(current_user, found.council),
                           addressed_to_me=services.invitation_is_for(found, current_user))


# --- members -------------------------------------------------------------------------------------


@bp.get("/councils/<int:council_id>/members")
@council_required(Permission.VIEW_MEMBERS)
def members(council: Council):
    """The member list, for the members of the council."""
    manages = can(current_user, Permission.MANAGE_MEMBERS, council)
    return render_template(
        "councils/members.html",
        council=council,
        members=queries.members(council, include_suspended=manages),
    )


def _change_member(council: Council, membership_id: int, change) -> Membership | None:
    """Load a membership of this council, apply `change` to it and commit; None if refused."""
    m = db.first_or_404(select(Membership).filter_by(id=membership_id, council_id=council.id))
    if not ConfirmForm().validate_on_submit():
        return None
    try:
        change(m, actor=current_user)
    except Refusal as error:
        refusals.show(error)
        return None
    return m


@bp.post("/councils/<int:council_id>/members/<int:membership_id>/suspend")
@council_required(Permission.MANAGE_MEMBERS)
def suspend(council: Council, membership_id: int):
    m = _change_member(council, membership_id, services.suspend)
    if m is not None:
        flash(_("%(name)s is suspended from the council.", name=m.user.display_name), "success")
    return redirect(url_for(".members", council_id=council.id))


@bp.post("/councils/<int:council_id>/members/<int:membership_id>/reinstate")
@council_required(Permission.MANAGE_MEMBERS)
def reinstate(council: Council, membership_id: int):
    m = _change_member(council, membership_id, services.reinstate)
    if m is not None:
        flash(_("%(name)s is reinstated in the council.", name=m.user.display_name), "success")
    return redirect(url_for(".members", council_id=council.id))


@bp.route("/councils/<int:council_id>/leave", methods=["GET", "POST"])
@council_required(Permission.LEAVE)
def leave(council: Council):
    """Leave the council, after a confirmation."""
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            services.leave(council, actor=current_user)
        except Refusal as error:
            refusals.show(error)
            return redirect(url_for(".detail", council_id=council.id))
        flash(_("You have left the council."), "success")
        return redirect(url_for("core.dashboard"))
    return render_template("councils/leave.html", council=council, form=form)
