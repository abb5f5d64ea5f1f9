"""Placeholder, being written."""
from flask import Blueprint

bp = Blueprint("deliberations", __name__)
