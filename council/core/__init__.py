"""What every page shares: the home page, dashboard, health check, headers and error pages."""

from council.core import errors, hooks, transaction, web  # noqa: F401
