"""What every page shares: the home page, dashboard, health check, headers and error pages."""

from council.core import assets, errors, fragments, hooks, pages, transaction, web  # noqa: F401
