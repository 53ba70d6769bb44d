"""axe-core in a browser test: inject it and list what it finds.

axe-core comes from npm (package.json's devDependencies, `make setup`). The
page's Content-Security-Policy forbids injected scripts: open the page in a
context made with ``bypass_csp=True`` (tests only).

    from .axe import assert_accessible, axe_path
"""

import os
from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0–2.2 A and AA, and axe's best practices (landmarks, headings, regions).
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
ALL_RULES = [*WCAG_AA, "best-practice"]


def axe_path() -> Path:
    """axe-core's script; skips (fails under ATELIER_TEST_BROWSER) when npm did not install it."""
    if not AXE.exists():
        message = f"axe-core is not installed ({AXE.name}): run `make setup` (npm ci)"
        if os.environ.get("ATELIER_TEST_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    return AXE


def violations(page, tags=WCAG_AA) -> list[str]:
    """What axe-core's rules with ``tags`` find on ``page`` as it is now, one line each."""
    page.wait_for_load_state("networkidle")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_path()))
    found = page.evaluate(
        """(tags) => axe.run(document, {runOnly: {type: "tag", values: tags},
                                        resultTypes: ["violations"]})
          .then((result) => result.violations.map((v) => ({
            id: v.id, impact: v.impact, count: v.nodes.length,
            targets: v.nodes.slice(0, 3).map((node) => node.target.join(" ")),
          })))""",
        tags,
    )
    return [f"{v['id']} ({v['impact']}, {v['count']}×): {', '.join(v['targets'])}" for v in found]


def assert_accessible(page, what: str, tags=WCAG_AA) -> None:
    """axe-core finds nothing, of any impact, on ``page`` as it is now."""
    found = violations(page, tags)
    assert not found, f"{what}: " + "; ".join(found)
