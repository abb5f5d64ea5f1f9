"""Placeholder, being written."""
from flask import Blueprint

bp = Blueprint("forwarding", __name__)
