"""The baseline: a minimal Flask page, served by the same gunicorn settings as Council."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "<!doctype html><title>Hello</title><p>Hello</p>"
