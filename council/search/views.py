"""The search page: a GET form (it works without JavaScript and the address can be kept), the
results with the matched words marked, and pages of results."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required

from council.search import queries

bp = Blueprint("search", __name__, url_prefix="/search")


@bp.get("")
@login_required
def index():
    """What the reader may read, found by words: ?q=<words>&page=<n>."""
    raw = request.args.get("q", default="", type=str)
    try:
        page = int(request.args.get("page", "1"))
    except ValueError:
        page = 1
    found = queries.search(current_user, raw, page)
    return render_template("search/index.html", found=found, query=found.query.text)
