"""Placeholder, being written."""
from flask import Blueprint

bp = Blueprint("summaries", __name__)
