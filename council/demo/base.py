"""What the demo steps share: the people and councils made so far, and what each step created."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from council.auth.models import User
from council.councils.models import Council
from council.extensions import utcnow


@dataclass
class Demo:
    created: Counter = field(default_factory=Counter)
    users: dict[str, User] = field(default_factory=dict)
    councils: list[Council] = field(default_factory=list)
    # One moment for every date the steps set, so that they agree with each other.
    now: datetime = field(default_factory=utcnow)

    def user(self, email: str) -> User:
        return self.users[email]

    @property
    def first(self) -> Council | None:
        return self.councils[0] if self.councils else None

    def days_ago(self, days: float) -> datetime:
        return self.now - timedelta(days=days)
