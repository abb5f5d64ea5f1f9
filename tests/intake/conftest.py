"""A real IMAP server for the intake tests: Dovecot from the distribution's packages, started on
127.0.0.1 (a free port, or COUNCIL_TEST_IMAP_PORT) with a configuration of its own in a temporary folder (plain IMAP, one user)."""

from __future__ import annotations

import grp
import imaplib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time

import pytest

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# A fixed port when asked for; otherwise a free one, so that two runs on one machine do not collide.
IMAP_PORT = int(os.environ.get("COUNCIL_TEST_IMAP_PORT") or _free_port())
IMAP_USER = "signals"
IMAP_PASSWORD = "intake-test-password"

CONFIG = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:{root}/mail/%u
default_internal_user = {internal_user}
default_internal_group = {internal_group}
default_login_user = {login_user}
first_valid_uid = {uid}
last_valid_uid = 0
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/mail/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
"""


def _dovecot() -> str | None:
    return shutil.which("dovecot") or next((p for p in ("/usr/sbin/dovecot",) if os.path.exists(p)), None)


def _accounts() -> dict[str, object]:
    """As root, mail is owned by the `dovecot` account (Dovecot will not run mail as root);
    otherwise every process runs as the current user."""
    if os.geteuid() == 0:
        mail = pwd.getpwnam("dovecot")
        login = "dovenull" if _exists("dovenull") else "dovecot"
        return {"internal_user": "dovecot", "internal_group": grp.getgrgid(mail.pw_gid).gr_name,
                "login_user": login, "uid": mail.pw_uid, "gid": mail.pw_gid}
    me = pwd.getpwuid(os.getuid())
    return {"internal_user": me.pw_name, "internal_group": grp.getgrgid(os.getgid()).gr_name,
            "login_user": me.pw_name, "uid": os.getuid(), "gid": os.getgid()}


def _exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def _listening(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.2)
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="session")
def dovecot_server():
    """(host, port, user, password) of a running Dovecot; skipped only when Dovecot is not installed."""
    binary = _dovecot()
    if binary is None:
        pytest.skip("Dovecot is not installed (apt-get install dovecot-imapd; .ci/run installs it)")
    if _listening(IMAP_PORT):
        pytest.fail(f"port {IMAP_PORT} is already taken; set COUNCIL_TEST_IMAP_PORT to a free port")
    root = tempfile.mkdtemp(prefix="council-dovecot-")
    os.chmod(root, 0o755)
    accounts = _accounts()
    for folder in ("run", "state", "mail"):
        os.makedirs(os.path.join(root, folder))
    os.chown(os.path.join(root, "mail"), accounts["uid"], accounts["gid"])
    with open(os.path.join(root, "passwd"), "w") as f:
        f.write(f"{IMAP_USER}:{{PLAIN}}{IMAP_PASSWORD}\n")
    config = os.path.join(root, "dovecot.conf")
    with open(config, "w") as f:
        f.write(CONFIG.format(root=root, port=IMAP_PORT, **accounts))
    process = subprocess.Popen([binary, "-F", "-c", config], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 15
        while not _listening(IMAP_PORT):
            if process.poll() is not None or time.monotonic() > deadline:
                output = process.stdout.read().decode(errors="replace") if process.poll() is not None else ""
                log = open(os.path.join(root, "dovecot.log")).read() if os.path.exists(
                    os.path.join(root, "dovecot.log")) else ""
                pytest.fail(f"Dovecot did not start: {output}\n{log}")
            time.sleep(0.1)
        yield {"host": "127.0.0.1", "port": IMAP_PORT, "user": IMAP_USER, "password": IMAP_PASSWORD}
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def imap(dovecot_server):
    """A connection to the test mailbox, emptied before the test; use it to APPEND messages."""
    conn = imaplib.IMAP4(dovecot_server["host"], dovecot_server["port"])
    conn.login(dovecot_server["user"], dovecot_server["password"])
    for box in ("INBOX", "Done"):
        status, count = conn.select(box)
        if status == "OK" and int(count[0]) > 0:
            conn.store("1:*", "+FLAGS", "(\\Deleted)")
            conn.expunge()
    conn.select("INBOX")
    yield conn
    conn.logout()


@pytest.fixture
def configure(app):
    """configure(NAME=value, ...) for one test; the session-wide app gets its settings back after."""
    saved: dict[str, object] = {}
    missing = object()

    def set_(**values):
        for name, value in values.items():
            saved.setdefault(name, app.config.get(name, missing))
            app.config[name] = value

    yield set_
    for name, value in saved.items():
        if value is missing:
            app.config.pop(name, None)
        else:
            app.config[name] = value


@pytest.fixture(scope="module")
def live_url(_app):
    """The test application served on 127.0.0.1 (a real HTTP server, in a thread)."""
    import threading

    from werkzeug.serving import make_server

    port = int(os.environ.get("COUNCIL_TEST_INTAKE_HTTP_PORT") or 0)  # 0: a free port
    server = make_server("127.0.0.1", port, _app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
