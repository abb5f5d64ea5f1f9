"""Demo accounts — all active, all with the password ``kettle-orchard-2026``:

========================== ============================================== ======
e-mail                     role                                           locale
========================== ============================================== ======
admin@example.org          site administrator                             en
office@example.org         office reader (RC/SRSG office)                 fr
facilitator@example.org    facilitator of the first council               ar
member@example.org         member of the first council                    es
observer@example.org       observer of the first council                  ru
applicant@example.org      pending application to the first council       zh
other@example.org          member of the second council                   fr
aicha@example.org …        twelve further members of the first council    mixed
========================== ============================================== ======

The twelve further members (aicha, fatima, grace, mariam, chen, olga, ibrahim, moussa, daniel,
karim, pedro, hassan @example.org) are women and men from several groups, so that the first
council's composition figures (shown only where at least five people stand behind them) appear.
Accounts are made by the same service as registration (confirmed at once); the administrator is
made as `flask council create-admin` makes one, and gives the office reader their role.
"""

from __future__ import annotations

from sqlalchemy import select

from council.auth import services as auth
from council.auth.models import User
from council.demo.base import Demo
from council.extensions import db

PASSWORD = "kettle-orchard-2026"

# email, display name, locale, time zone, gender, group, site role
ACCOUNTS: list[tuple[str, str, str, str | None, str | None, str | None, str | None]] = [
    ("admin@example.org", "Nadia K.", "en", "Europe/London", "woman", None, "admin"),
    ("office@example.org", "Léa M.", "fr", "Europe/Paris", "woman", None, "office"),
    ("facilitator@example.org", "Samira H.", "ar", "Africa/Cairo", "woman", "women", None),
    ("member@example.org", "Tomás R.", "es", "America/Bogota", "man", "youth", None),
    ("observer@example.org", "Irina V.", "ru", "Europe/Moscow", "woman", None, None),
    ("applicant@example.org", "Li Wei", "zh", "Asia/Shanghai", "man", "youth", None),
    ("other@example.org", "Youssef B.", "fr", "Africa/Casablanca", "man", "civil_society", None),
    ("aicha@example.org", "Aïcha D.", "fr", "Africa/Dakar", "woman", "women", None),
    ("fatima@example.org", "Fatima Z.", "ar", "Africa/Cairo", "woman", "women", None),
    ("grace@example.org", "Grace O.", "en", "Africa/Nairobi", "woman", "youth", None),
    ("mariam@example.org", "Mariam S.", "ar", "Asia/Amman", "woman", "youth", None),
    ("chen@example.org", "Chen Jing", "zh", "Asia/Shanghai", "woman", "women", None),
    ("olga@example.org", "Olga P.", "ru", "Europe/Moscow", "woman", "women", None),
    ("ibrahim@example.org", "Ibrahim T.", "ar", "Africa/Khartoum", "man", "elders", None),
    ("moussa@example.org", "Moussa K.", "fr", "Africa/Bamako", "man", "youth", None),
    ("daniel@example.org", "Daniel E.", "en", "Africa/Lagos", "man", "youth", None),
    ("karim@example.org", "Karim A.", "ar", "Asia/Beirut", "man", "religious", None),
    ("pedro@example.org", "Pedro G.", "es", "America/Lima", "man", "civil_society", None),
    ("hassan@example.org", "Hassan M.", "fr", "Africa/Tunis", "man", "elders", None),
]

ACCOUNT_EMAILS = [row[0] for row in ACCOUNTS]



def find(demo: Demo) -> None:
    """The demo accounts that exist, by e-mail address."""
    demo.users = {u.email: u for u in db.session.scalars(select(User).where(User.email.in_(ACCOUNT_EMAILS)))}


def load(demo: Demo) -> None:
    """Every demo account, creating the missing ones."""
    find(demo)
    for email, name, locale, timezone, gender, group, site_role in ACCOUNTS:
        if email in demo.users:
            continue
        demo.users[email] = auth.create_user(
            email=email, password=PASSWORD, display_name=name, locale=locale, timezone=timezone, gender=gender,
            constituency=group, read_languages=list(dict.fromkeys([locale, "en"])), status="active",
            site_role="admin" if site_role == "admin" else None,
        )
        demo.created["accounts"] += 1
        if site_role not in (None, "admin"):
            auth.set_site_role(demo.users[email], site_role, actor=demo.user("admin@example.org"))
