import pytest


@pytest.fixture
def ctx(app):
    """A request context, for services whose refusals are translated."""
    with app.test_request_context():
        yield
