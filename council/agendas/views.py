"""Placeholder, being written."""
from flask import Blueprint

bp = Blueprint("agendas", __name__)
