"""What every page shares: the home page, dashboard, health check, headers and error pages."""

from council.core import errors, web  # noqa: F401
