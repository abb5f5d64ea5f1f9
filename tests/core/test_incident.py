"""The 500 page gives a reference that is also in the log line with the traceback (issue 7, errors)."""

from __future__ import annotations

import logging
import re


def test_the_error_page_and_the_log_share_an_incident_reference(app, client, caplog, monkeypatch):

    def broken():
        raise RuntimeError("boom for the test")

    monkeypatch.setitem(app.view_functions, "core.healthz", broken)
    with caplog.at_level(logging.ERROR, logger="council.core.errors"):
        response = client.get("/healthz?lang=en")
    assert response.status_code == 500
    found = re.search(r"give them this reference: ([0-9a-f]{12})", response.get_data(as_text=True))
    assert found is not None
    [record] = [r for r in caplog.records if "Unhandled error" in r.getMessage()]
    assert found.group(1) in record.getMessage()
    assert record.exc_info is not None and "boom for the test" in str(record.exc_info[1])
