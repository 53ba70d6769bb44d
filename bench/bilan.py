"""Time to generate the PDF bilan, against bare WeasyPrint on the same text, same run.

Two workshops, both after a review with reports, comments and decisions,
and a barometer answered at day 0 and day 15 (the longest document):
20 ideas / 8 people, and 300 ideas / 60 people.
For each, after one warm-up, the median of several generations of the
bilan (``render_bilan``: queries, template, layout, PDF), and of bare
WeasyPrint rendering a plain HTML page holding the same texts (no template
logic, no stylesheet, no charts, default fonts) so that what our document
adds shows. Each size runs in its own process, which reports its peak RSS.

    python -m bench.bilan [--runs 7]

Targets: 20 ideas ≤ 0.6 s, 300 ideas ≤ 2 s. See docs/performance.md.
"""

import argparse
import datetime as dt
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = {"small": (20, 8), "large": (300, 60)}
TARGETS = {"small": 0.6, "large": 2.0}

FIRST_NAMES = [
    "Zoé", "Jean-François", "Amina", "Lucas", "Maëlle", "Karim", "Sophie", "Théo", "Inès",
    "Grégoire", "Fatou", "N'Golo", "Camille", "Hugo", "Léa", "Yanis", "Chloé", "Nathan",
]  # fmt: skip
COMMENTS = {
    "fr": [
        "Plus simple que prévu, on continue.",
        "Pas eu le temps la première semaine, mieux ensuite.",
        "Les collègues ont remarqué la différence dès le deuxième jour.",
        "Difficile avec les horaires décalés ; à adapter.",
        "Je l'ai fait deux fois sur trois, c'est déjà ça !",
    ],
    "en": [
        "Easier than expected, we keep it up.",
        "No time the first week, better afterwards.",
        "Colleagues noticed the difference on day two.",
        "Hard with shifted hours; needs adapting.",
        "Did it two days out of three, which is a start!",
    ],
}


def _long_text(base: str, rng: random.Random, pool: list[str]) -> str:
    """A text of exactly 280 characters, the longest an idea may be."""
    text = base
    while len(text) < 280:
        text += " " + rng.choice(pool)
    return text[:280]


def synthetic_workshop(
    n_ideas: int,
    n_people: int,
    language: str = "fr",
    *,
    reviewed: bool = True,
    show_names: bool = True,
    seed: int = 7,
):
    """A workshop of the given size, written straight to the database.

    A third client ideas, the rest colleague ideas (one in six free), texts
    from the sample workshop with every seventh one stretched to 280
    characters; each person commits to two ideas, with favourites. When
    ``reviewed``: reports on most commitments, comments on half of them,
    a decision per committed idea, the next step and lessons.
    Runs inside an app context; returns the workshop.
    """
    from atelier.demo import sample
    from atelier.domain import review as rules
    from atelier.domain import tokens
    from atelier.extensions import db
    from atelier.models import (
        Authorship,
        BarometerAnswers,
        BarometerRound,
        Decision,
        Idea,
        Participant,
        Report,
        Vote,
    )
    from atelier.services import workshops

    rng = random.Random(seed)
    data = sample(language)
    client_pool = [i["text"] for i in data["client_ideas"]]
    colleague_pool = [t for i in data["client_ideas"] for t in i["colleague_versions"]]
    workshop, _ = workshops.create_workshop(
        {
            "title": data["title"],
            "team": data["team"],
            "language": language,
            "date": "2026-11-23",
            "show_names": show_names,
        }
    )
    people = [
        Participant(
            workshop_id=workshop.id,
            name=f"{FIRST_NAMES[n % len(FIRST_NAMES)]}{'' if n < len(FIRST_NAMES) else n}",
            token_nonce=tokens.new_nonce(),
        )
        for n in range(n_people)
    ]
    db.session.add_all(people)
    db.session.flush()

    def text(pool: list[str], n: int) -> str:
        base = pool[n % len(pool)]
        return _long_text(base, rng, pool) if n % 7 == 3 else base

    n_client = n_ideas // 3
    clients = []
    for n in range(n_client):
        idea = Idea(workshop_id=workshop.id, kind="client", text=text(client_pool, n))
        idea.authorships = [Authorship(participant=people[n % n_people])] if people else []
        clients.append(idea)
    db.session.add_all(clients)
    db.session.flush()
    colleagues = []
    for n in range(n_ideas - n_client):
        parent = None if (n % 6 == 5 or not clients) else clients[n % len(clients)].id
        idea = Idea(
            workshop_id=workshop.id, kind="colleague", text=text(colleague_pool, n),
            parent_id=parent,
        )  # fmt: skip
        idea.authorships = [Authorship(participant=people[(n + 1) % n_people])] if people else []
        colleagues.append(idea)
    db.session.add_all(colleagues)
    db.session.flush()

    votes = []
    weights = [1 + 4 * (n % 9 == 0) + (n % 4 == 1) for n in range(len(colleagues))]
    for person in people:
        chosen: set[int] = set()
        while colleagues and len(chosen) < min(workshop.votes_per_person, len(colleagues)):
            chosen.add(rng.choices(range(len(colleagues)), weights)[0])
        votes += [
            Vote(workshop_id=workshop.id, participant_id=person.id, idea_id=colleagues[i].id)
            for i in sorted(chosen)
        ]
    db.session.add_all(votes)
    workshop.phase = "review" if reviewed else "results"
    workshop.results_at = dt.datetime(2026, 11, 23, 11, 0)
    if reviewed:
        comments = COMMENTS[language]
        for n, vote in enumerate(votes):
            if n % 5 == 4:
                continue  # no answer yet
            db.session.add(
                Report(
                    workshop_id=workshop.id,
                    participant_id=vote.participant_id,
                    idea_id=vote.idea_id,
                    tried=rules.TRIED[n % 3],
                    feeling=1 + (n * 7) % 5,
                    comment=comments[n % len(comments)] if n % 2 == 0 else "",
                )
            )
        for n, idea_id in enumerate(sorted({v.idea_id for v in votes})):
            choice = rules.DECISIONS[n % len(rules.DECISIONS)]
            note = comments[n % len(comments)] if choice == "other" or n % 3 == 0 else ""
            db.session.add(
                Decision(workshop_id=workshop.id, idea_id=idea_id, choice=choice, note=note)
            )
        _barometer(workshop, people, rng, BarometerRound, BarometerAnswers)
        workshop.next_step = "longer_experiment"
        workshop.next_step_note = comments[0]
        workshop.lessons = "\n".join(comments)
    db.session.commit()
    return workshop


def _barometer(workshop, people, rng, round_model, answers_model) -> None:
    """Both rounds closed: everyone rates both sides at day 0 (a card skipped now
    and then), most people the colleague side again at day 15."""
    from atelier.domain.barometer import DIMENSIONS
    from atelier.extensions import db

    when = dt.datetime(2026, 11, 23, 9, 0)
    for round_ in ("day0", "day15"):
        db.session.add(
            round_model(workshop_id=workshop.id, round=round_, opened_at=when, closed_at=when)
        )
    for n, person in enumerate(people):

        def side(base: int) -> dict[str, int]:
            return {d: min(5, max(1, base + rng.choice((-1, 0, 0, 1)))) for d in DIMENSIONS}

        rounds = {"day0": {"customers": side(4), "colleagues": side(3)}}
        if n % 6:
            rounds["day15"] = {"colleagues": side(3)}
        for round_, answers in rounds.items():
            db.session.add(
                answers_model(
                    workshop_id=workshop.id, participant_id=person.id, round=round_, answers=answers
                )
            )


def plain_html(workshop) -> str:
    """The same texts as the bilan, as plain paragraphs: the bare stack's input."""
    from markupsafe import escape
    from sqlalchemy import select

    from atelier.extensions import db
    from atelier.models import Idea, Participant, Report

    texts = [workshop.title, workshop.team]
    texts += db.session.scalars(select(Idea.text).filter_by(workshop_id=workshop.id)).all()
    texts += db.session.scalars(select(Participant.name).filter_by(workshop_id=workshop.id)).all()
    texts += db.session.scalars(select(Report.comment).filter_by(workshop_id=workshop.id)).all()
    texts += [workshop.next_step_note, workshop.lessons]
    body = "".join(f"<p>{escape(t)}</p>" for t in texts if t)
    return f"<!doctype html><html><head><meta charset=utf-8></head><body>{body}</body></html>"


def _time(fn, runs: int) -> tuple[float, list[float], object]:
    result = fn()  # warm-up: fonts, stylesheet, caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times, result


def run_case(case: str, runs: int) -> dict:
    """One size, in this process: build the workshop, time both stacks."""
    import io

    from pypdf import PdfReader
    from weasyprint import HTML

    from atelier import create_app
    from atelier.extensions import db
    from atelier.services.bilan import render_bilan

    n_ideas, n_people = SIZES[case]
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "TESTING": True,
                "ASYNC_MODE": "threading",
                "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
                "INSTANCE_PATH": f"{tmp}/instance",
                "SECRET_KEY": "bench-only",
                "MESSAGE_QUEUE": "",
                "AUTO_MIGRATE": False,
            }
        )
        with app.app_context():
            db.create_all()
            workshop = synthetic_workshop(n_ideas, n_people)
            ours, our_times, pdf = _time(lambda: render_bilan(workshop), runs)
            html = plain_html(workshop)
            bare, bare_times, bare_pdf = _time(lambda: HTML(string=html).write_pdf(), runs)
            db.engine.dispose()
    return {
        "case": case,
        "ideas": n_ideas,
        "people": n_people,
        "ours": ours,
        "ours_runs": our_times,
        "pages": len(PdfReader(io.BytesIO(pdf)).pages),
        "bytes": len(pdf),
        "bare": bare,
        "bare_runs": bare_times,
        "bare_pages": len(PdfReader(io.BytesIO(bare_pdf)).pages),
        # Linux reports ru_maxrss in KiB.
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs after one warm-up")
    parser.add_argument("--case", choices=sorted(SIZES), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:  # a child process: one size, JSON on stdout
        print(json.dumps(run_case(args.case, args.runs)))
        return

    print(
        f"PDF bilan — WeasyPrint {version('weasyprint')}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, median of {args.runs} runs after one warm-up"
    )
    header = (
        f"{'workshop':<22}{'pages':>6}{'PDF KiB':>9}{'bilan s':>9}{'bare s':>8}"
        f"{'overhead':>10}{'target':>8}{'peak RSS':>10}"
    )
    print(header)
    failed = False
    for case in SIZES:
        child = subprocess.run(
            [sys.executable, "-m", "bench.bilan", "--case", case, "--runs", str(args.runs)],
            cwd=ROOT, capture_output=True, text=True, check=False,
        )  # fmt: skip
        if child.returncode:
            sys.stderr.write(child.stderr)
            raise SystemExit(f"bench case {case} failed")
        r = json.loads(child.stdout.strip().splitlines()[-1])
        ok = r["ours"] <= TARGETS[case]
        failed |= not ok
        print(
            f"{r['ideas']:>3} ideas / {r['people']:>2} people "
            f"{r['pages']:>6}{r['bytes'] / 1024:>9.0f}{r['ours']:>9.3f}{r['bare']:>8.3f}"
            f"{r['ours'] / r['bare']:>9.1f}×{'≤' + str(TARGETS[case]):>8}"
            f"{r['peak_rss_mib']:>7.0f} MiB{'' if ok else '  OVER TARGET'}"
        )
        runs = ", ".join(f"{t:.3f}" for t in r["ours_runs"])
        print(f"{'':<4}bilan runs: {runs}  (bare: {r['bare_pages']} pages)")
    if failed:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
