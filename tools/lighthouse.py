"""Lighthouse scores of the main pages, from the site as production runs it.

    make lighthouse         # or: python -m tools.lighthouse [report folder]

Starts the demo site (tools/demo_site.py: gunicorn, DEBUG off, collected static files), runs the
npm `lighthouse` package (a devDependency) on Debian's Chromium against the home, list, search,
case study, group and event pages as a visitor, prints each page's scores and writes the full
reports (HTML and JSON) into the folder (default `.data/lighthouse/`, not committed). Exits 1
when accessibility, best practices or SEO is under 100 on any page.

The sign-in page is measured too, but its SEO score is not held to 100: robots.txt keeps crawlers
out of /accounts/ on purpose (nothing there is worth finding in a search engine), so Lighthouse's
check "page is blocked from indexing" fails there by design.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from qportal.devservices import BASE_DIR, DATA_DIR
from tools.demo_site import demo_site, first_item

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
LIGHTHOUSE = BASE_DIR / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
MUST_BE_FULL = ["accessibility", "best-practices", "seo"]
ATTEMPTS = 3
PAGES = {
    "home": "/",
    "list": "/case-studies/",
    "search": "/case-studies/?q=flow",
    "case study": "first:/case-studies/",
    "group": "first:/groups/",
    "event": "first:/events/",
    "sign in": "/accounts/login/",
}
# Kept out of search engines on purpose (robots.txt), so their SEO score may be under 100.
NOT_FOR_CRAWLERS = {"sign in"}


def audit(url: str, report: Path) -> dict:
    # On a busy machine Chromium sometimes loses the trace of the load (NO_NAVSTART): try again.
    for attempt in range(1, ATTEMPTS + 1):
        result = _run_once(url, report)
        if result is not None:
            return result
        print(f"Lighthouse could not finish {url} (attempt {attempt} of {ATTEMPTS})", file=sys.stderr)
    raise SystemExit(f"Lighthouse failed {ATTEMPTS} times on {url}.")


def _run_once(url: str, report: Path) -> dict | None:
    finished = subprocess.run(
        [
            str(LIGHTHOUSE), url, "--quiet",
            "--only-categories=" + ",".join(CATEGORIES),
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            "--output=json", "--output=html", f"--output-path={report}",
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM}, check=False, cwd=BASE_DIR,
    )  # fmt: skip
    if finished.returncode != 0:
        return None
    result = json.loads(report.with_suffix(".report.json").read_text())
    if any(result["categories"][key]["score"] is None for key in CATEGORIES):
        return None
    return result


def main(folder: Path) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    failing = []
    with demo_site() as site:
        for name, path in PAGES.items():
            url = first_item(site, path.removeprefix("first:")) if path.startswith("first:") else site + path
            result = audit(url, folder / name.replace(" ", "-"))
            scores = {key: round(result["categories"][key]["score"] * 100) for key in CATEGORIES}
            rows.append((name, scores))
            for key in MUST_BE_FULL:
                if scores[key] < 100 and not (key == "seo" and name in NOT_FOR_CRAWLERS):
                    audits = result["categories"][key]["auditRefs"]
                    below = [ref["id"] for ref in audits if (result["audits"][ref["id"]].get("score") or 1) < 1]
                    failing.append(f"{name}: {key} {scores[key]} ({', '.join(below)})")
    print(f"\n{'page':<12}" + "".join(f"{key:>16}" for key in CATEGORIES))
    for name, scores in rows:
        print(f"{name:<12}" + "".join(f"{scores[key]:>16}" for key in CATEGORIES))
    print(f"\nFull reports: {folder}/")
    for line in failing:
        print("Under 100:", line)
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else DATA_DIR / "lighthouse"))
