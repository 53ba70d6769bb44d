"""Screenshots of every face at every step, in French and English, for people
to look at (`make screenshots`; written to `screenshots/`, git-ignored).

The sample workshop (12 people) is played to each step on a real `atelier
serve`; then, in Debian's Chromium: the projected screen at 1280×720 and
1920×1080, a participant's phone at 360×740 and 320×568 (through their return
link; and the barometer's first card where it is open), the facilitator's page
at 1440×900 and on a 1024×768 tablet, the remote at 360×740, and the join pages.

    .venv/bin/python -m tests.screenshots [--out screenshots] [--lang fr] [--step vote]
        [--face screen] [--size large] [--serves service_users]
"""

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from .servers import ServerProcess

STEPS = ["lobby", "client_ideas", "transposition", "vote", "results", "review", "closed"]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SIZES = {
    "screen": [(1280, 720), (1920, 1080)],
    "phone": [(360, 740), (320, 568)],
    "facilitator": [(1440, 900), (1024, 768)],
    "remote": [(360, 740)],
    "join": [(360, 740)],
}


def prepare(
    env: dict, language: str, step: str, size: str = "demo", serves: str | dict = "customers"
) -> dict:
    """Play the sample workshop to ``step``; its links (as the demo command does)."""
    os.environ.update(env)
    from atelier.app import build_app
    from atelier.demo import play
    from atelier.domain.phases import Phase
    from atelier.models import Participant
    from atelier.services.identity import participant_token

    app = build_app({"ASYNC_MODE": "threading"})
    with app.app_context():
        workshop, key = play(language, Phase(step), size=size, serves=serves)
        people = Participant.query.filter_by(workshop_id=workshop.id)
        person = people.order_by(Participant.id).first()
        return {
            "code": workshop.code,
            "facilitator": f"/w/{workshop.code}/f/{key}",
            "me": f"/w/{workshop.code}/me/{participant_token(person)}",
        }


def shoot(browser, base: str, links: dict, out: Path, face: str, size: tuple, lang: str) -> None:
    width, height = size
    mobile = width < 600
    context = browser.new_context(
        viewport={"width": width, "height": height}, is_mobile=mobile, has_touch=mobile,
        locale="fr-FR" if lang == "fr" else "en-GB",
        reduced_motion="reduce",  # the settled page, not a card caught fading in
    )  # fmt: skip
    page = context.new_page()
    code = links["code"]
    if face in ("facilitator", "remote"):
        page.goto(base + links["facilitator"])
        page.goto(f"{base}/w/{code}/{'facilitate' if face == 'facilitator' else 'remote'}")
    elif face == "screen":
        page.goto(f"{base}/w/{code}/screen")
    elif face == "phone":
        page.goto(base + links["me"])  # a new browser: straight to the phone
    else:
        page.goto(f"{base}/j/{code}?lang={lang}")
    page.wait_for_timeout(1200)  # the socket's snapshot drawn, animations settled
    name = f"{face}-{width}x{height}"
    page.screenshot(path=str(out / f"{name}.png"))
    if face in ("phone", "facilitator"):
        page.screenshot(path=str(out / f"{name}-full.png"), full_page=True)
    start = page.get_by_test_id("barometer-start")
    if face == "phone" and start.is_visible():
        start.click()  # the barometer's first card (day 0 in the lobby, day 15 at the review)
        page.wait_for_timeout(300)
        page.screenshot(path=str(out / f"{name}-barometer.png"))
    context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="screenshots")
    parser.add_argument("--lang", choices=["fr", "en"], action="append")
    parser.add_argument("--step", choices=STEPS, action="append")
    parser.add_argument("--face", choices=sorted(SIZES), action="append")
    parser.add_argument(
        "--size", choices=["demo", "large"], default="demo",
        help="large: 40 people, 120 client ideas of up to 280 characters",
    )  # fmt: skip
    parser.add_argument(
        "--serves", default="customers",
        help="who the team serves: a preset's key (atelier/domain/served.py), or a typed"
        " word as 'singular/plural' (the longest a facilitator may type: 40 characters each)",
    )  # fmt: skip
    args = parser.parse_args()
    typed = "/" in args.serves
    if typed:
        singular, plural = args.serves.split("/", 1)
        args.serves = {"singular": singular, "plural": plural}
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("ATELIER_CHROMIUM") or shutil.which("chromium")
    if not chromium:
        sys.exit("Debian's chromium is not installed (make system-test-deps)")
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        env = {
            "ATELIER_DATABASE_URL": f"sqlite:///{Path(folder) / 'shots.sqlite3'}",
            "ATELIER_INSTANCE_PATH": str(Path(folder) / "instance"),
            "ATELIER_SECRET_KEY": "screenshots-only",
        }
        server = ServerProcess(env, Path(folder) / "server.log").start()
        browser = playwright.chromium.launch(executable_path=chromium, args=FLAGS)
        try:
            for lang in args.lang or ["fr", "en"]:
                for step in args.step or STEPS:
                    links = prepare(env, lang, step, args.size, args.serves)
                    folder = args.size if args.serves == "customers" else args.serves
                    folder = "typed" if typed else folder
                    out = Path(args.out) / folder / lang / f"{STEPS.index(step) + 1}-{step}"
                    out.mkdir(parents=True, exist_ok=True)
                    for face in args.face or SIZES:
                        for size in SIZES[face]:
                            shoot(browser, server.url, links, out, face, size, lang)
                    print(f"{out}: {len(list(out.glob('*.png')))} screenshots", flush=True)
        finally:
            browser.close()
            server.stop()


if __name__ == "__main__":
    main()
