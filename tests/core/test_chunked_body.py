"""A body sent without Content-Length (chunked) is held to MAX_CONTENT_LENGTH like any other:
over it, 413 "too large", not "the form had expired"; under it, the whole body reaches the form."""

from __future__ import annotations

import re
import socket
import threading
from contextlib import contextmanager

from flask import request
from werkzeug.serving import make_server

from council import create_app
from tests.conftest import app_config, tr


@contextmanager
def serving(app):
    """Serve `app` on a free port of 127.0.0.1; yields the port."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_port
    finally:
        server.shutdown()
        thread.join(5)


def chunked_post(port, path, parts, total_chunks=1, headers=""):
    """POST `parts` (bytes, each one chunk) repeated `total_chunks` times; returns (status, body)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall((f"POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                   f"Transfer-Encoding: chunked\r\n{headers}Connection: close\r\n\r\n").encode())

        def send():
            try:
                for _ in range(total_chunks):
                    for part in parts:
                        s.sendall(b"%x\r\n" % len(part) + part + b"\r\n")
                s.sendall(b"0\r\n\r\n")
            except OSError:  # the server answered and closed before the rest was sent
                pass

        sender = threading.Thread(target=send, daemon=True)
        sender.start()
        data = b""
        try:
            while chunk := s.recv(65536):
                data += chunk
                head, _, body = data.partition(b"\r\n\r\n")
                length = re.search(rb"(?im)^content-length: *(\d+)", head)
                if length and len(body) >= int(length.group(1)):
                    break  # the whole answer is here; the server need not read the rest
        except OSError:
            pass
        s.shutdown(socket.SHUT_RDWR)
        sender.join(10)
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body.decode("utf-8", "replace")


def test_a_chunked_body_over_the_limit_is_too_large_not_an_expired_form():
    app = create_app(app_config(WTF_CSRF_ENABLED=True, SQLALCHEMY_DATABASE_URI="sqlite://"))
    app.config["TESTING"] = False
    with serving(app) as port:
        # 8 MB (the fault was found with 100 MB): far over the 1 MB limit, sent without a length.
        status, page = chunked_post(port, "/login", [b"email=", b"a" * 65536], total_chunks=128,
                                    headers="Accept-Language: fr\r\n")
    assert status == 413
    assert tr(app, "fr", "What you sent is too large") in page
    assert tr(app, "fr", "The form had expired or did not come from this site. Nothing was changed. "
                         "Please go back, reload the page and try again.") not in page


def test_a_chunked_body_under_the_limit_reaches_the_form_whole():
    app = create_app(app_config(SQLALCHEMY_DATABASE_URI="sqlite://"))

    @app.post("/echo-length")
    def echo_length():
        return str(len(request.form["text"]))

    text = b"b" * (400 * 1024)
    with serving(app) as port:
        status, body = chunked_post(port, "/echo-length", [b"text=", text[:200 * 1024], text[200 * 1024:]])
    assert (status, body) == (200, str(len(text)))
