"""The virtualenv runs exactly what requirements/*.txt pin (README "Updating dependencies")."""

import re
from importlib.metadata import distributions

from tests.services import REPO_DIR

REQUIREMENTS = REPO_DIR / "requirements"
# name[extra,extra]==version, with an optional comment after it.
PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]+\])?==(?P<version>[^\s;#]+)\s*(?:#.*)?$")


def _normalise(name):
    # PEP 503: case, runs of "-", "_" and "." are not significant.
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement_lines(path):
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("-r "):
            yield from _requirement_lines(path.parent / line.removeprefix("-r ").strip())
        else:
            yield line


def _pins():
    lines = [*_requirement_lines(REQUIREMENTS / "dev.txt")]
    return lines, {_normalise(match["name"]): match["version"] for match in map(PIN.match, lines) if match is not None}


def test_every_requirement_is_pinned_to_one_version():
    lines, pins = _pins()
    assert [line for line in lines if PIN.match(line) is None] == []
    assert len(pins) == len(lines)  # no package pinned twice


def test_installed_versions_match_the_pins():
    _lines, pins = _pins()
    installed = {_normalise(dist.metadata["Name"]): dist.version for dist in distributions()}
    mismatches = {
        name: (version, installed.get(name)) for name, version in pins.items() if installed.get(name) != version
    }
    assert mismatches == {}
