"""Command-line tasks: `flask council <verb-noun>`. Thin: parse, call a service inside
`transaction.committing()`, echo.

    flask council create-admin --email a@example.org --name "Site admin" [--password ...]
    flask council create-council --country MRD [--country-name en="Republic of Meridia"] \\
        --region "Northern Highlands" --name en="..." --name fr="..." --mandate en="..." \\
        --languages en,fr,ar [--anonymous] [--women-target 50]
    flask council demo
"""

from __future__ import annotations

import click
from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask.cli import AppGroup
from flask_babel import force_locale

from council.core import transaction
from council.core.refusals import Refusal

council_cli = AppGroup("council", help="Set up and maintain Council.")


def register(app) -> None:
    from council.audit import cli as audit_cli
    from council.deploy import cli as deploy_cli
    from council.notifications import cli as notifications_cli
    from council.digests import cli as digests_cli
    from council.signals.intake import cli as intake_cli

    audit_cli.register(council_cli)  # flask council verify-audit
    notifications_cli.register(council_cli)  # flask council send-digests
    digests_cli.register(council_cli)  # flask council send-office-digests
    intake_cli.register(council_cli)  # flask council fetch-signals, erase-expired-senders
    deploy_cli.register(council_cli)  # flask council check-deploy, backup, restore, restore-drill
    app.cli.add_command(council_cli)


@council_cli.command("deliver-mail")
@click.option("--loop", is_flag=True, help="Keep delivering, every --every seconds, until stopped.")
@click.option("--every", default=10, show_default=True, help="Seconds between rounds with --loop.")
def deliver_mail(loop: bool, every: int) -> None:
    """Deliver the e-mail waiting in the outbox; failures are retried later, with backoff."""
    import time

    from council import mail

    while True:
        sent, failed = mail.deliver_due()
        if sent or failed or not loop:
            click.echo(f"Sent {sent} e-mail(s); {failed} failed and will be retried.")
        if not loop:
            return
        time.sleep(every)


def _pairs(values: tuple[str, ...], option: str, *, default_language: str | None = None) -> dict[str, str]:
    """("en=North", "fr=Nord") → {"en": "North", "fr": "Nord"}; a bare value is in `default_language`."""
    languages = current_app.config["LANGUAGES"]
    found: dict[str, str] = {}
    for value in values:
        lang, sep, text = value.partition("=")
        if not sep:
            if default_language is None:
                raise click.BadParameter(f"write LANG=TEXT, for example en={value!r}", param_hint=option)
            found[default_language] = value.strip()
            continue
        lang = lang.strip()
        if lang not in languages:
            raise click.BadParameter(f"{lang!r} is not one of the languages {', '.join(languages)}", param_hint=option)
        found[lang] = text.strip()
    return found


@council_cli.command("create-admin")
@click.option("--email", required=True, help="E-mail address of the new administrator.")
@click.option("--name", "display_name", required=True, help="Display name.")
@click.option("--password", help="Password (asked for when not given).")
@click.option("--locale", default="en", show_default=True, help="Preferred language.")
def create_admin(email: str, display_name: str, password: str | None, locale: str) -> None:
    """Create an active administrator account."""
    from council.audit import services as audit
    from council.auth import passwords
    from council.auth import services as auth

    if auth.user_by_email(email) is not None:
        raise click.ClickException(f"An account with the e-mail address {email} already exists; nothing was changed.")
    if locale not in current_app.config["LANGUAGES"]:
        raise click.BadParameter(f"choose one of {', '.join(current_app.config['LANGUAGES'])}", param_hint="--locale")
    if not display_name.strip() or len(display_name) > 80:
        raise click.BadParameter("give a display name of at most 80 characters", param_hint="--name")
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as error:
        raise click.BadParameter(str(error), param_hint="--email") from None
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    with force_locale("en"):
        found = passwords.problems(password, email=email, display_name=display_name, privileged=True)
    if found:
        raise click.ClickException("The password is not acceptable: " + " ".join(found))
    with transaction.committing():
        user = auth.create_user(
            email=email, password=password, display_name=display_name.strip(), locale=locale, status="active",
        )
        user.site_role = "admin"
        audit.record(None, "user.site_role", user, before={"site_role": None}, after={"site_role": "admin"})
    click.echo(f"Administrator {user.email} created (account {user.id}).")


@council_cli.command("create-council")
@click.option("--country", "country_code", required=True, help="Country code (2 or 3 letters).")
@click.option("--country-name", multiple=True, help="LANG=NAME; creates the country if the code is new.")
@click.option("--region", "region_names", required=True, multiple=True,
              help="Region name: LANG=NAME or a plain name (in the first working language); created if new.")
@click.option("--name", "names", required=True, multiple=True, help="LANG=NAME of the council, repeatable.")
@click.option("--mandate", "mandates", multiple=True, help="LANG=TEXT of the mandate, repeatable.")
@click.option("--languages", required=True, help="Working languages, comma-separated (en,fr,ar).")
@click.option("--anonymous/--no-anonymous", default=False, show_default=True, help="Allow anonymous posting.")
@click.option("--women-target", type=click.IntRange(0, 100), default=50, show_default=True,
              help="Target share of women, per cent.")
def create_council(country_code, country_name, region_names, names, mandates, languages, anonymous, women_target):
    """Create a council (and its country and region when they are new)."""
    from council.councils import setup

    supported = current_app.config["LANGUAGES"]
    working = [code.strip() for code in languages.split(",") if code.strip()]
    unknown = [code for code in working if code not in supported]
    if unknown or not working:
        raise click.BadParameter(f"choose among {', '.join(supported)}", param_hint="--languages")
    council_names = _pairs(names, "--name")
    council_mandates = _pairs(mandates, "--mandate")
    stray = set(council_mandates) - set(council_names)
    if stray:
        raise click.BadParameter(f"a mandate in {', '.join(sorted(stray))} needs a name in that language too",
                                 param_hint="--mandate")
    region_given = _pairs(region_names, "--region", default_language=working[0])
    with force_locale("en"), transaction.committing():
        try:
            country = setup.country_by_code(country_code)
            if country is None:
                if not country_name:
                    raise click.ClickException(
                        f"There is no country with the code {country_code.upper()}: "
                        "give --country-name LANG=NAME to create it."
                    )
                country = setup.create_country(code=country_code, names=_pairs(country_name, "--country-name"),
                                               actor=None)
                click.echo(f"Country {country.code} created.")
            region = None
            for name in region_given.values():
                region = region or setup.find_region(country, name)
            if region is None:
                region = setup.create_region(country, names=region_given, actor=None)
                click.echo(f"Region {region.id} created.")
            council = setup.create_council(
                region=region,
                texts={lang: (name, council_mandates.get(lang, "")) for lang, name in council_names.items()},
                working_languages=working,
                allow_anonymous=anonymous,
                women_target_percent=women_target,
                actor=None,
            )
        except Refusal as error:
            raise click.ClickException(f"{error} Nothing was changed.") from None
    click.echo(f"Council {council.id} created.")


@council_cli.command("search-rebuild")
def search_rebuild() -> None:
    """Make the search index again from the agenda items, posts and summaries (after upgrading an
    existing database to the search migration; otherwise the services keep it current)."""
    from council.core import transaction
    from council.search import services as search

    with transaction.committing():
        entries = search.rebuild()
    click.echo(f"Search index rebuilt: {entries} entries.")


@council_cli.command("demo")
@click.option("--scale", type=click.IntRange(min=0, max=1_000_000), default=0,
              help="Grow the open demo thread to at least this many posts (for measurements).")
def demo(scale: int) -> None:
    """Load the demo data (idempotent: what exists already is left alone)."""
    from council import demo as demo_data
    from council.core import transaction

    if current_app.config["ENV_NAME"] == "production":
        raise click.ClickException(
            "Refusing to load demo data (with accounts of known passwords) into a production configuration. "
            "Set COUNCIL_ENV=demo or development for a demonstration site."
        )
    with force_locale("en"), transaction.committing():
        created = demo_data.load()
        if scale:
            created["posts"] = created.get("posts", 0) + demo_data.scale(scale)
            from council.search import services as search

            search.rebuild()  # the scaled posts are inserted in bulk, past the services' events
    if any(created.values()):
        summary = ", ".join(f"{count} {what}" for what, count in created.items() if count)
        click.echo(f"Demo data loaded: {summary}.")
    else:
        click.echo("Demo data already present; nothing to do.")
    click.echo(f'Accounts (password "{demo_data.PASSWORD}"): ' + ", ".join(demo_data.ACCOUNT_EMAILS))
