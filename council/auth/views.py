"""Registration, sign-in (with two factors), passwords, and the person's own account."""

from __future__ import annotations

import time

from flask import (Blueprint, Response, current_app, flash, redirect, render_template, request, session,
                   url_for)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from council import permissions
from council.audit import services as audit
from council.auth import lockouts, services, sessions, two_factor
from council.auth.forms import (ChangePasswordForm, DeleteAccountForm, EnableTwoFactorForm, ForgotPasswordForm,
                                LoginForm, PasswordConfirmForm, ProfileForm, RegisterForm, ResetPasswordForm,
                                TwoFactorForm)
from council.auth.models import UserStatus
from council.auth.services import normalise_email
from council.core import pages
from council.core.web import safe_next_url
from council.extensions import db, limiter

bp = Blueprint("auth", __name__)
bp.after_app_request(lockouts.record_lockout)

PENDING_2FA_SECONDS = 300


def _signin_address_limit() -> str:
    return current_app.config["RATELIMIT_SIGNIN_PER_ADDRESS"]


def _signin_account_limit() -> str:
    return current_app.config["RATELIMIT_SIGNIN_PER_ACCOUNT"]


def _sensitive_limit() -> str:
    return current_app.config["RATELIMIT_SENSITIVE_PER_ADDRESS"]


def _account_key() -> str:
    return "account:" + normalise_email(request.form.get("email", ""))[:254]


def _pending_key() -> str:
    return "pending2fa:" + str(session.get("2fa_user", ""))


def _failed(response: Response) -> bool:
    """Only failed attempts count against an account (a success redirects)."""
    return response.status_code != 302


def _after_sign_in(default_endpoint: str = "core.dashboard"):
    target = safe_next_url(session.pop("next", None) or request.args.get("next"))
    return redirect(target or url_for(default_endpoint))


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(_sensitive_limit, methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("core.dashboard"))
    form = RegisterForm()
    next_url = safe_next_url(request.args.get("next"))
    if request.method == "GET":
        form.locale.data = request.args.get("lang") or str(_current_locale())
    if form.validate_on_submit():
        if next_url:  # brought back there at the first sign-in (e.g. an invitation)
            session["next"] = next_url
        services.register(
            email=form.email.data, password=form.password.data, display_name=form.display_name.data,
            locale=form.locale.data, gender=form.gender.data or None, constituency=form.constituency.data or None,
            next_url=next_url,
        )
        session["lang"] = form.locale.data
        return redirect(url_for(".register_sent", next=next_url) if next_url else url_for(".register_sent"))
    return render_template("auth/register.html", form=form, next_url=next_url)


def _current_locale():
    from flask_babel import get_locale

    return get_locale() or "en"


@bp.get("/register/check-your-email")
def register_sent():
    return render_template("auth/register_sent.html", next_url=safe_next_url(request.args.get("next")))


@bp.get("/confirm/<token>")
def confirm_email(token: str):
    user = services.confirm_email(token)
    if user is None:
        return render_template("auth/link_invalid.html"), 404
    flash(_("Your e-mail address is confirmed. You can now sign in."), "success")
    # The link carries where the person was going when they registered (say, a council's
    # application form), so that signing in, even in another browser, leads back there.
    next_url = safe_next_url(request.args.get("next"))
    return redirect(url_for(".login", next=next_url) if next_url else url_for(".login"))


@bp.route("/login", methods=["GET", "POST"])
@pages.kept(None)  # the form shows nothing of the database
@limiter.limit(_signin_address_limit, methods=["POST"])
@limiter.limit(_signin_account_limit, methods=["POST"], key_func=_account_key, deduct_when=_failed)
def login():
    if current_user.is_authenticated:
        return _after_sign_in()
    form = LoginForm()
    next_url = safe_next_url(request.args.get("next"))
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            form.form_errors.append(_("The e-mail address or password is not right."))
        elif user.status == UserStatus.PENDING.value:
            services.send_confirmation(user, next_url=next_url or safe_next_url(session.get("next")))
            form.form_errors.append(
                _("Please confirm your e-mail address first. We have sent you a new link.")
            )
        elif user.status != UserStatus.ACTIVE.value:
            audit.record(None, "user.sign_in_fail", user)
            form.form_errors.append(_("This account is suspended. Contact the administrators if you think this is a mistake."))
        elif user.totp_enabled:
            session["2fa_user"] = user.id
            session["2fa_at"] = int(time.time())
            if next_url:
                session["next"] = next_url
            return redirect(url_for(".login_two_factor"))
        else:
            remembered = session.get("next")
            sessions.start(user)
            return redirect(next_url or safe_next_url(remembered) or url_for("core.dashboard"))
    return render_template("auth/login.html", form=form, next_url=next_url)


@bp.route("/login/two-factor", methods=["GET", "POST"])
@limiter.limit(_signin_address_limit, methods=["POST"])
@limiter.limit(_signin_account_limit, methods=["POST"], key_func=_pending_key, deduct_when=_failed)
def login_two_factor():
    from council.auth.models import User

    user_id = session.get("2fa_user")
    started = session.get("2fa_at", 0)
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or time.time() - started > PENDING_2FA_SECONDS or not user.is_active:
        session.pop("2fa_user", None)
        flash(_("Please sign in again."), "info")
        return redirect(url_for(".login"))
    form = TwoFactorForm()
    if form.validate_on_submit():
        if two_factor.verify_login(user, form.code.data):
            session.pop("2fa_user", None)
            next_url = session.pop("next", None)
            sessions.start(user)
            if two_factor.remaining_recovery_codes(user) <= 2:
                flash(_("You have few recovery codes left. Make new ones on your two-factor page."), "warning")
            return redirect(safe_next_url(next_url) or url_for("core.dashboard"))
        audit.record(None, "user.sign_in_two_factor_fail", user)  # kept: the page answers 200
        form.code.errors.append(_("This code is not right, or it was already used."))
    return render_template("auth/login_two_factor.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    sessions.end(current_user._get_current_object())
    flash(_("You have signed out."), "info")
    response = redirect(url_for("core.index"))
    response.headers["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(_sensitive_limit, methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        return render_template("auth/forgot_sent.html")
    return render_template("auth/forgot.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@limiter.limit(_sensitive_limit, methods=["POST"])
def reset_password(token: str):
    user = services.peek_token(token, services.TokenPurpose.RESET_PASSWORD)
    if user is None:
        return render_template("auth/link_invalid.html"), 404
    form = ResetPasswordForm(user=user)
    if form.validate_on_submit():
        if services.reset_password(token, form.password.data) is None:
            return render_template("auth/link_invalid.html"), 404
        if current_user.is_authenticated:
            sessions.end(current_user._get_current_object())
        flash(_("Your password has been changed. Sign in with the new one."), "success")
        return redirect(url_for(".login"))
    return render_template("auth/reset.html", form=form)


@bp.get("/account")
@login_required
def account():
    return render_template(
        "auth/account.html",
        recovery_left=two_factor.remaining_recovery_codes(current_user) if current_user.totp_enabled else None,
    )


@bp.route("/account/profile", methods=["GET", "POST"])
@login_required
def profile():
    user = current_user._get_current_object()
    form = ProfileForm(obj=user)
    if request.method == "GET":
        form.gender.data = user.gender or ""
        form.constituency.data = user.constituency or ""
    if form.validate_on_submit():
        services.update_profile(
            user, display_name=form.display_name.data, locale=form.locale.data,
            read_languages=form.read_languages.data, timezone=form.timezone.data or None,
            gender=form.gender.data or None, constituency=form.constituency.data or None,
        )
        session["lang"] = user.locale
        flash(_("Your profile has been saved."), "success")
        return redirect(url_for(".account"))
    return render_template("auth/profile.html", form=form)


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
@limiter.limit(_sensitive_limit, methods=["POST"])
def change_password():
    user = current_user._get_current_object()
    form = ChangePasswordForm(user=user)
    if form.validate_on_submit():
        if services.change_password(user, form.current_password.data, form.new_password.data):
            flash(_("Your password has been changed. You were signed out everywhere else."), "success")
            return redirect(url_for(".account"))
        form.current_password.errors.append(_("Your current password is not right."))
    return render_template("auth/password.html", form=form)


@bp.get("/account/export")
@login_required
def export():
    data = services.export_data(current_user)
    return Response(
        data,
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="council-my-data.json"', "Cache-Control": "no-store"},
    )


@bp.route("/account/delete", methods=["GET", "POST"])
@login_required
@limiter.limit(_sensitive_limit, methods=["POST"])
def delete_account():
    from council.auth import passwords

    user = current_user._get_current_object()
    form = DeleteAccountForm()
    if form.validate_on_submit():
        if passwords.verify_password(user.password_hash, form.password.data):
            services.delete_account(user)
            sessions.end(user)
            flash(_("Your account has been deleted."), "info")
            return redirect(url_for("core.index"))
        form.password.errors.append(_("Your password is not right."))
    return render_template("auth/delete.html", form=form)


@bp.route("/account/two-factor", methods=["GET", "POST"])
@login_required
@limiter.limit(_sensitive_limit, methods=["POST"])
def two_factor_setup():
    user = current_user._get_current_object()
    if user.totp_enabled:
        return render_template(
            "auth/two_factor_manage.html", form=PasswordConfirmForm(),
            remaining=two_factor.remaining_recovery_codes(user),
        )
    # The pending secret and the recovery codes stay on the server (the session row), never in the cookie.
    secret = sessions.peek(user, "totp_pending")
    if not secret:
        secret = two_factor.new_secret()
        sessions.stash(user, "totp_pending", secret)  # kept by the request's commit
    form = EnableTwoFactorForm()
    if form.validate_on_submit():
        if two_factor.verify_setup(secret, form.code.data):
            codes = two_factor.enable(user, secret)
            sessions.take(user, "totp_pending")
            sessions.stash(user, "recovery_codes", codes)
            return redirect(url_for(".recovery_codes"))
        form.code.errors.append(_("This code is not right. Check the time on your phone and try the newest code."))
    uri = two_factor.provisioning_uri(user, secret)
    return render_template("auth/two_factor_setup.html", form=form, secret=secret, qr=two_factor.qr_svg(uri),
                           required=permissions.is_privileged(user) and current_app.config["REQUIRE_2FA_FOR_PRIVILEGED"])


@bp.get("/account/two-factor/recovery-codes")
@login_required
def recovery_codes():
    codes = sessions.take(current_user._get_current_object(), "recovery_codes")
    if not codes:
        return redirect(url_for(".two_factor_setup"))
    return render_template("auth/recovery_codes.html", codes=codes)


@bp.post("/account/two-factor/recovery-codes")
@login_required
def new_recovery_codes():
    from council.auth import passwords

    user = current_user._get_current_object()
    form = PasswordConfirmForm()
    if user.totp_enabled and form.validate_on_submit() and passwords.verify_password(user.password_hash, form.password.data):
        sessions.stash(user, "recovery_codes", two_factor.regenerate_recovery_codes(user))
        return redirect(url_for(".recovery_codes"))
    flash(_("Your password is not right."), "error")
    return redirect(url_for(".two_factor_setup"))


@bp.post("/account/two-factor/disable")
@login_required
def disable_two_factor():
    from council.auth import passwords

    user = current_user._get_current_object()
    form = PasswordConfirmForm()
    if not (user.totp_enabled and form.validate_on_submit() and passwords.verify_password(user.password_hash, form.password.data)):
        flash(_("Your password is not right."), "error")
        return redirect(url_for(".two_factor_setup"))
    if permissions.is_privileged(user) and current_app.config["REQUIRE_2FA_FOR_PRIVILEGED"]:
        flash(_("Your role requires two-factor authentication, so it cannot be switched off."), "error")
        return redirect(url_for(".two_factor_setup"))
    two_factor.disable(user)
    flash(_("Two-factor authentication is off."), "info")
    return redirect(url_for(".account"))


# Pages a privileged person without two factors may still reach while setting them up.
_ALLOWED_WITHOUT_2FA = {
    "auth.two_factor_setup", "auth.recovery_codes", "auth.logout", "static", "core.healthz", "core.index",
}


@bp.before_app_request
def demand_two_factor():
    """With REQUIRE_2FA_FOR_PRIVILEGED, admins, office staff and facilitators must set up 2FA first."""
    if not current_app.config["REQUIRE_2FA_FOR_PRIVILEGED"] or request.endpoint in _ALLOWED_WITHOUT_2FA:
        return None
    if current_user.is_authenticated and not current_user.totp_enabled and permissions.is_privileged(current_user):
        flash(_("Your role needs two-factor authentication. Please set it up to continue."), "warning")
        return redirect(url_for("auth.two_factor_setup"))
    return None


from council.auth import account_views as _account_views  # noqa: E402,F401  (more routes of this blueprint)
