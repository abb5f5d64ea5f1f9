"""Council: a platform for regional advisory councils on conflict and social cohesion."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from council import config as config_module


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the application: config → extensions → blueprints → CLI → error handlers."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder="../templates",
        static_folder="../static",
    )
    app.config.from_mapping(config_module.DEFAULTS)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.update(config_module.from_environment(os.environ))
    else:
        app.config.update(test_config)
    os.makedirs(app.instance_path, exist_ok=True)
    config_module.finalise(app.config, app.instance_path)

    if app.config["TRUSTED_PROXIES"]:
        n = int(app.config["TRUSTED_PROXIES"])
        # X-Forwarded-Host is never believed: the host is the configured one (PUBLIC_URL).
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=0)  # type: ignore[method-assign]

    _init_extensions(app)
    _connect_personal_data()
    _register_blueprints(app)
    _connect_receivers()

    from council import cli, core

    cli.register(app)
    core.errors.register(app)
    core.transaction.register(app)
    core.web.register(app)
    core.fragments.init_app(app)
    core.assets.init_app(app)
    core.pages.init_app(app)  # last: its before_request runs after every other
    return app


def _init_extensions(app: Flask) -> None:
    from council import i18n
    from council.extensions import babel, csrf, db, limiter, login_manager, make_sqlite_transactions_real, migrate

    db.init_app(app)
    with app.app_context():
        for engine in db.engines.values():
            if engine.dialect.name == "sqlite":
                make_sqlite_transactions_real(engine)
    from council.search.models import include_object  # the engines' own search structures stay out

    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(__file__), "migrations"), render_as_batch=True,
                     include_object=include_object)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale, timezone_selector=i18n.select_timezone)
    # The limiter object is shared by every app of the process (tests make several), so it is
    # always initialised and each app decides through RATE_LIMITS_ON whether limits apply to it.
    app.config["RATE_LIMITS_ON"] = bool(app.config["RATELIMIT_ENABLED"])
    app.config["RATELIMIT_ENABLED"] = True
    limiter.init_app(app)
    login_manager.init_app(app)

    from council import mail
    from council.auth import sessions

    sessions.init_login_manager(login_manager)
    mail.init_app(app)

    # Import every model so that metadata (and Alembic) know all tables.
    from council.audit import models as _audit  # noqa: F401
    from council.auth import models as _auth  # noqa: F401
    from council.councils import models as _councils  # noqa: F401
    from council.agendas import models as _agendas  # noqa: F401
    from council.deliberations import models as _deliberations  # noqa: F401
    from council.notifications import models as _notifications  # noqa: F401
    from council.summaries import models as _summaries  # noqa: F401
    from council.forwarding import models as _forwarding  # noqa: F401
    from council.signals import models as _signals  # noqa: F401
    from council.monitoring import models as _monitoring  # noqa: F401
    from council.search import models as _search  # noqa: F401
    from council.api import models as _api  # noqa: F401
    from council.digests import models as _digests  # noqa: F401

    from council.councils import composition

    composition.register()


def _connect_personal_data() -> None:
    """Each domain's part of a person's data download (events.personal_data), connected once.
    A domain with a model that points at users.id adds its module here (a test checks it does)."""
    from council.agendas import personal_data as _agendas  # noqa: F401
    from council.api import personal_data as _api  # noqa: F401
    from council.audit import personal_data as _audit  # noqa: F401
    from council.auth import personal_data as _auth  # noqa: F401
    from council.councils import personal_data as _councils  # noqa: F401
    from council.deliberations import personal_data as _deliberations  # noqa: F401
    from council.digests import personal_data as _digests  # noqa: F401
    from council.forwarding import personal_data as _forwarding  # noqa: F401
    from council.moderation import personal_data as _moderation  # noqa: F401
    from council.monitoring import personal_data as _monitoring  # noqa: F401
    from council.notifications import personal_data as _notifications  # noqa: F401
    from council.signals import personal_data as _signals  # noqa: F401
    from council.summaries import personal_data as _summaries  # noqa: F401


def _connect_receivers() -> None:
    """Higher domains connect to the events of lower ones (and fill their template hooks)."""
    from council.councils import receivers as _councils  # noqa: F401
    from council.deliberations import receivers as _deliberations  # noqa: F401
    from council.notifications import receivers as _notifications  # noqa: F401
    from council.summaries import receivers as _summaries  # noqa: F401
    from council.forwarding import receivers as _forwarding  # noqa: F401
    from council.search import receivers as _search  # noqa: F401
    from council.api import receivers as _api  # noqa: F401
    # Each domain's part of the office reader's digest (events.office_digest).
    from council.forwarding import digest as _forwarding_digest  # noqa: F401
    from council.signals import digest as _signals_digest  # noqa: F401
    from council.monitoring import digest as _monitoring_digest  # noqa: F401
    from council.monitoring import receivers as _monitoring  # noqa: F401


def _register_blueprints(app: Flask) -> None:
    from council.admin.views import bp as admin_bp
    from council.agendas.views import bp as agendas_bp
    from council.audit.views import bp as audit_bp
    from council.auth.views import bp as auth_bp
    from council.core.views import bp as core_bp
    from council.councils.views import bp as councils_bp
    from council.deliberations.views import bp as deliberations_bp
    from council.moderation.views import bp as moderation_bp
    from council.notifications.views import bp as notifications_bp
    from council.summaries.views import bp as summaries_bp
    from council.forwarding.views import bp as forwarding_bp
    from council.participation.views import bp as participation_bp
    from council.signals import receivers as _signal_receivers  # noqa: F401
    from council.signals.views import bp as signals_bp
    from council.monitoring.views import bp as monitoring_bp
    from council.search.views import bp as search_bp
    from council.api.account import bp as api_account_bp
    from council.api.views import bp as api_bp
    from council.digests.views import bp as digests_bp

    for bp in (core_bp, auth_bp, councils_bp, agendas_bp, deliberations_bp, moderation_bp, notifications_bp,
               summaries_bp, forwarding_bp, participation_bp, signals_bp, monitoring_bp, search_bp, digests_bp,
               admin_bp, audit_bp, api_bp, api_account_bp):
        app.register_blueprint(bp)
    from council.signals import intake  # e-mail and SMS intake of signals

    intake.init_app(app)
