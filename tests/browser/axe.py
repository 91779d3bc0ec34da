"""axe-core (vendored, tests/browser/vendor/) run inside a page: the violations that matter."""

from pathlib import Path

from playwright.sync_api import Page

AXE_SOURCE = (Path(__file__).resolve().parent / "vendor" / "axe.min.js").read_text()
BLOCKING_IMPACTS = {"serious", "critical"}


def axe_violations(page: Page) -> list[str]:
    """Serious and critical WCAG 2.x A/AA violations, one line each (rule, impact, where).

    axe is evaluated through the DevTools protocol, which the page's CSP does not govern, so
    the page itself keeps its strict policy."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    result = page.evaluate(
        """() => axe.run(document, {
            runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
            resultTypes: ["violations"],
        })"""
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in BLOCKING_IMPACTS
    ]
