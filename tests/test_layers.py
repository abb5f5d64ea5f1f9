"""The layers of the package, and a test that keeps them.

A module of `council/` imports only from its own layer or a lower one; a lower domain that must
tell a higher one something sends an event (council/events.py) or renders a template hook
(council/core/hooks.py) instead of importing it. The layers, lowest first:

     0  core, extensions, config, i18n, mail, events      the frame every domain stands on
                                                           (core.markdown included)
     1  permissions, audit                                 who may do what; recording what was done
     2  auth                                               accounts and sessions
     3  councils                                           councils, members, set-up
     4  agendas                                            agenda items
     5  deliberations                                      threads and posts
     6  notifications                                      told of posts and items through events
     7  moderation, summaries
     8  forwarding, participation                          participation: who took part (signals and
                                                           monitoring answer its collecting event)
     9  signals, monitoring, search                      search reads agendas, threads, summaries, forwarding
    10  digests, admin, cli, demo, api, deploy, and the application  may import every layer
        (council/__init__.py, core.views, core.dashboard, the audit log's pages)

core.web (request hooks and template globals) sits with permissions, whose gate it hands to
every template.

A few modules sit above their package, named in PLACED below with the reason: the front page and
the dashboard gather every domain, and the audit log's pages name councils and people, while
recording an audit event stays at the bottom. Imports under `if TYPE_CHECKING:` are not imports
at run time and are not counted; imports inside functions are.

Domains of the same layer do not import each other in both directions (no cycles).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "council"

LAYERS: list[set[str]] = [
    {"core", "extensions", "config", "i18n", "mail", "events", "migrations"},
    {"permissions", "audit"},
    {"auth"},
    {"councils"},
    {"agendas"},
    {"deliberations"},
    {"notifications"},
    {"moderation", "summaries"},
    {"forwarding", "participation"},
    {"signals", "monitoring", "search"},
    {"digests", "admin", "deploy", "api", "cli", "demo", "demo_agenda", "demo_summaries", "__init__"},
]
TOP = len(LAYERS) - 1

# Modules placed above their package (most specific name wins).
PLACED: dict[str, int] = {
    "council.core.web": 1,          # puts the permission gate (can) in every template
    "council.core.views": TOP,      # the front page lists councils
    "council.core.dashboard": TOP,  # the dashboard gathers what waits in every domain
    "council.audit.views": TOP,     # the audit log's pages name councils and people
    "council.audit.queries": TOP,
    "council.audit.forms": TOP,
}


def domain_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def layer_of(module: str) -> int:
    """The layer of a dotted module name under council (e.g. council.summaries.views)."""
    parts = module.split(".")
    for n in range(len(parts), 1, -1):
        if ".".join(parts[:n]) in PLACED:
            return PLACED[".".join(parts[:n])]
    domain = domain_of(module)
    for index, names in enumerate(LAYERS):
        if domain in names:
            return index
    raise KeyError(f"{module} is in no layer: place its domain in LAYERS (tests/test_layers.py)")


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports_of(source: str, module: str) -> list[tuple[int, str]]:
    """(line, imported module) for every council import in `source`, inside functions too."""
    package = module.split(".")
    is_package = False
    found: list[tuple[int, str]] = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for other in child.orelse:
                    visit_one(other)
                continue
            visit_one(child)

    def visit_one(child: ast.AST) -> None:
        if isinstance(child, ast.Import):
            for alias in child.names:
                if alias.name == "council" or alias.name.startswith("council."):
                    found.append((child.lineno, alias.name))
        elif isinstance(child, ast.ImportFrom):
            if child.level:
                base = package[: len(package) - child.level + (1 if is_package else 0)]
                name = ".".join(base + ([child.module] if child.module else []))
            else:
                name = child.module or ""
            if name == "council":
                found.extend((child.lineno, f"council.{alias.name}") for alias in child.names)
            elif name.startswith("council."):
                found.append((child.lineno, name))
        visit(child)

    visit(ast.parse(source))
    return found


def violations(source: str, module: str) -> list[str]:
    """Every import in `source` (the text of `module`) that reaches above the module's layer."""
    own = layer_of(module)
    return [
        f"{module}:{line} imports {target} (layer {layer_of(target)} above {own})"
        for line, target in imports_of(source, module)
        if layer_of(target) > own
    ]


def council_modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(relative.parts)
        if parts[-1] == "__init__" and len(parts) > 1:
            parts = parts[:-1] if len(parts) > 2 else parts
        found.append((".".join(parts), path))
    return found


def test_no_module_imports_a_higher_layer():
    found = []
    for module, path in council_modules():
        if "migrations" in module.split("."):
            continue
        found += violations(path.read_text(encoding="utf-8"), module)
    assert found == []


def test_every_domain_has_a_layer():
    for module, _path in council_modules():
        layer_of(module)  # raises for a module of a domain that is in no layer


def test_no_cycle_between_domains():
    edges: dict[str, set[str]] = {}
    for module, path in council_modules():
        if "migrations" in module.split("."):
            continue
        for _line, target in imports_of(path.read_text(encoding="utf-8"), module):
            a, b = domain_of(module), domain_of(target)
            if a != b and layer_of(module) != TOP and layer_of(target) != TOP:
                edges.setdefault(a, set()).add(b)
    cycles = [(a, b) for a, targets in edges.items() for b in targets if a in edges.get(b, set())]
    assert cycles == []


def test_the_check_catches_an_upward_import():
    source = "import flask\nfrom council.forwarding import services\n"
    assert violations(source, "council.summaries.services") == [
        "council.summaries.services:2 imports council.forwarding (layer 8 above 7)"
    ]


def test_the_check_catches_an_import_inside_a_function_and_a_relative_one():
    source = (
        "def later():\n"
        "    from council.deliberations.models import Post\n"
        "from ..forwarding import models\n"
        "from council import summaries\n"
    )
    found = violations(source, "council.agendas.services")
    assert [v.split(" imports ")[1].split(" ")[0] for v in found] == [
        "council.deliberations.models",
        "council.forwarding",
        "council.summaries",
    ]


def test_type_checking_imports_and_downward_imports_pass():
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from council.forwarding.models import Forwarding\n"
        "from council.agendas.models import AgendaItem\n"
        "from council import events\n"
    )
    assert violations(source, "council.summaries.services") == []


@pytest.mark.parametrize(
    ("module", "layer"),
    [("council.core.hooks", 0), ("council.permissions", 1), ("council.audit.services", 1),
     ("council.audit.views", TOP), ("council.summaries.views", 7), ("council.forwarding.receivers", 8)],
)
def test_layer_of(module, layer):
    assert layer_of(module) == layer


# --- the one commit point, and no existence checks --------------------------------------------------

# Only the commit point itself (and the error page, which must render after a failed statement)
# touch the transaction; the demo loader is a command-line task of its own.
TRANSACTION_OWNERS = {"council.core.transaction", "council.core.refusals", "council.core.errors"}


def session_calls(source: str) -> list[tuple[int, str]]:
    """(line, name) of every db.session.commit() / db.session.rollback() in `source`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("commit", "rollback") and isinstance(node.func.value, ast.Attribute)
                and node.func.value.attr == "session"):
            found.append((node.lineno, node.func.attr))
    return found


def test_views_services_and_commands_never_commit_or_roll_back():
    found = [
        f"{module}:{line} {name}()"
        for module, path in council_modules()
        if module not in TRANSACTION_OWNERS and not domain_of(module).startswith("demo")
        and "migrations" not in module.split(".")
        for line, name in session_calls(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_the_commit_check_catches_a_commit():
    assert session_calls("def view():\n    db.session.commit()\n") == [(2, "commit")]


EXISTENCE_CHECKS = ("find_spec", "BuildError", "view_functions", "import_module")
# Modules that use one of those words for something else, with the reason.
EXISTENCE_WORDS_ALLOWED = {
    ("council.core.pages", "view_functions"): "reads the scopes a view declares (kept pages), for the request's own view",
}


def test_no_domain_checks_whether_another_exists():
    found = [
        f"{module}: {word}"
        for module, path in council_modules()
        if "migrations" not in module.split(".")
        for word in EXISTENCE_CHECKS
        if word in path.read_text(encoding="utf-8") and (module, word) not in EXISTENCE_WORDS_ALLOWED
    ]
    templates = Path(__file__).resolve().parent.parent / "templates"
    found += [str(path) for path in templates.rglob("*.html")
              if "ignore missing" in path.read_text(encoding="utf-8")]
    assert found == []
