"""A generator of news-like raw documents with known noise, for benchmarks and tests.

    .venv/bin/python benchmarks/corpus_gen.py OUT --documents 10000 [--seed 7]

Written for copydesk: every sentence is assembled here from small word lists, nothing is
copied from anywhere. The same arguments give the same bytes (one `random.Random(seed)`,
no clock, no hash randomisation).

What a corpus holds, at these default rates (each drawn per document, so the counts are
close to, not exactly, rate x documents; `truth.json` has the exact ones):

- format: 60% HTML pages with site chrome (nav, related links, comment prompt, newsletter,
  footer), 40% scraped text with the same chrome as plain lines; 10% of files gzipped.
- boilerplate: every document carries 3-7 chrome lines drawn from per-site templates.
- garble (`garble_rate` 0.15): one paragraph is turned into UTF-8-read-as-cp1252 mojibake.
- syndicated copies (`syndication_rate` 0.10): the body of an earlier document under
  another outlet's chrome, title and byline.
- other languages (`foreign_rate` 0.05): a short French or German article.

`truth.json` lists, per file, its outlet, whether it is garbled, which file it copies (or
null) and its language, so a benchmark can score against it.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path

OUTLETS = ("Harbourline Post", "Valmora Tribune", "Eastern Dispatch", "Ledger Daily",
           "Bayside Chronicle", "Highland Herald", "Northgate Observer", "Riverside Gazette")
PEOPLE = ("Amira Castell", "Jonas Whitcombe", "Priya Ndlovu", "Tomasz Veyra", "Lena Okoro",
          "Marcus Ferrand", "Sofia Brannagh", "Idris Halloway", "Chen Maro", "Ruth Aldane")
ROLES = ("the finance minister", "the city's mayor", "a union spokesperson",
         "the regional health director", "the company's chief executive",
         "an economist at the central bank", "the harbour master", "a school principal")
PLACES = ("Port Halvard", "Valmora", "Kessa Valley", "Northgate", "Brinmoor", "Eastfield",
          "Lake Orran", "Saint Aubin", "Caldwick", "Marrow Bay")
SUBJECTS = ("the new desalination plant", "the rail electrification plan", "the dock strike",
            "the vaccine trial", "the interest rate decision", "the wildfire recovery fund",
            "the bakery cooperative", "the dam inspection", "the transfer of the midfielder",
            "the housing programme", "the bridge repairs", "the water tariff")
VERBS = ("approved", "delayed", "criticised", "defended", "announced", "reviewed",
         "suspended", "expanded", "questioned", "welcomed")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
SENTENCES = (
    "{Person}, {role}, said on {day} that {subject} would go ahead despite the objections.",
    "Officials in {place} {verb} {subject} after a meeting that lasted late into the night.",
    "The decision follows months of talks between residents, the council and contractors.",
    "According to figures released on {day}, costs have risen by {n} percent since {month}.",
    "{Person} told reporters that \u201cnobody in {place} wants another year like this one.\u201d",
    "Critics say {subject} was rushed, while supporters point to {n} new jobs in the area.",
    "A final vote is expected in {month}, when the budget for the coming year is set.",
    "Residents of {place} have been asked to comment before the end of {month}.",
    "The plan, first proposed in {month}, was {verb} by a committee of {n} members.",
    "{Person}, who has followed {subject} since the start, called the result \u201ca fair "
    "compromise\u201d.",
    "Engineers estimate the work will take {n} weeks, weather permitting.",
    "In a statement, {role} said the delays were caused by a shortage of materials.",
)
FOREIGN = {
    "fr": ("Le conseil municipal de {place} a approuvé mardi le nouveau plan de transport.",
           "Selon le maire, les travaux commenceront au printemps et dureront {n} mois.",
           "Les habitants pourront donner leur avis lors d'une réunion publique en {month}.",
           "Plusieurs associations ont déjà exprimé leurs inquiétudes sur le coût du projet."),
    "de": ("Der Stadtrat von {place} hat am Dienstag den neuen Verkehrsplan beschlossen.",
           "Nach Angaben des Bürgermeisters beginnen die Arbeiten im Frühjahr.",
           "Die Kosten werden auf {n} Millionen Euro geschätzt, wie die Verwaltung mitteilte.",
           "Mehrere Verbände haben bereits Bedenken gegen das Vorhaben angemeldet."),
}
NAV = ("Home", "News", "Local", "Business", "Sport", "Opinion", "Weather", "Contact us")
CHROME = (
    "Related Links", "Read more: {subject} explained", "Most read this week",
    "Leave a comment below", "{n} comments", "Sign up for our daily newsletter",
    "Share this article", "Follow us on social media", "Advertisement",
    "\u00a9 2024 {outlet}. All rights reserved.", "Privacy policy | Cookie settings",
    "Photo: {Person} / {outlet}",
)


@dataclass(frozen=True)
class Rates:
    garble: float = 0.15
    syndication: float = 0.10
    foreign: float = 0.05
    html: float = 0.60
    gzip: float = 0.10


def fill(rng: random.Random, template: str, outlet: str = "") -> str:
    return template.format(Person=rng.choice(PEOPLE), role=rng.choice(ROLES),
                           place=rng.choice(PLACES), subject=rng.choice(SUBJECTS),
                           verb=rng.choice(VERBS), day=rng.choice(DAYS),
                           month=rng.choice(MONTHS), n=rng.randint(2, 90), outlet=outlet)


def paragraphs(rng: random.Random, language: str) -> list[str]:
    pool = FOREIGN.get(language, SENTENCES)
    count = rng.randint(3, 5) if language != "en" else rng.randint(4, 9)
    return [" ".join(fill(rng, rng.choice(pool)) for _ in range(rng.randint(2, 5)))
            for _ in range(count)]


def mojibake(text: str) -> str:
    """UTF-8 bytes read as Windows-1252: the commonest garble in scraped news."""
    return text.encode("utf-8").decode("cp1252", errors="replace")


def render_html(title: str, byline: str, body: list[str], chrome: list[str], outlet: str,
                date: str) -> str:
    nav = "".join(f'<li><a href="/{n.lower()}">{n}</a></li>' for n in NAV)
    paras = "\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in body)
    aside = "".join(f"<li>{html.escape(c)}</li>" for c in chrome)
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(title)} | {outlet}</title>"
            f"<meta name=\"author\" content=\"{html.escape(byline)}\">"
            f"<meta property=\"article:published_time\" content=\"{date}\"></head>\n<body>"
            f"<header><nav><ul>{nav}</ul></nav></header>\n<main><article>"
            f"<h1>{html.escape(title)}</h1><p class=\"byline\">By {html.escape(byline)}</p>\n"
            f"{paras}\n</article><aside><ul>{aside}</ul></aside></main>\n"
            f"<footer><p>\u00a9 2024 {outlet}. All rights reserved.</p></footer></body></html>\n")


def render_text(title: str, byline: str, body: list[str], chrome: list[str],
                outlet: str) -> str:
    head = [" | ".join(NAV), title, f"By {byline}", ""]
    return "\n".join(head + [p + "\n" for p in body] + chrome + [outlet]) + "\n"


def generate(out: Path, documents: int, seed: int = 7, rates: Rates = Rates()) -> dict:
    """Write `documents` raw files under `out`; returns the truth about each, by file name."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    truth: dict[str, dict] = {}
    bodies: list[tuple[str, list[str]]] = []  # (name, body) of English originals
    for number in range(documents):
        outlet = rng.choice(OUTLETS)
        copies = None
        language = "en"
        if bodies and rng.random() < rates.syndication:
            copies, body = rng.choice(bodies)
            body = list(body)
        else:
            if rng.random() < rates.foreign:
                language = rng.choice(sorted(FOREIGN))
            body = paragraphs(rng, language)
        garbled = language == "en" and rng.random() < rates.garble
        if garbled:
            spot = rng.randrange(len(body))
            body[spot] = mojibake(body[spot] + " \u201cIt\u2019s a caf\u00e9 question,\u201d "
                                  "she said.")
        title = fill(rng, "{Person} on {subject} in {place}")[:90]
        date = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        chrome = [fill(rng, c, outlet) for c in rng.sample(CHROME, rng.randint(3, 7))]
        is_html = rng.random() < rates.html
        text = (render_html(title, rng.choice(PEOPLE), body, chrome, outlet, date) if is_html
                else render_text(title, rng.choice(PEOPLE), body, chrome, outlet))
        name = f"{'html' if is_html else 'text'}/doc-{number:05d}.{'html' if is_html else 'txt'}"
        data = text.encode("utf-8")
        if rng.random() < rates.gzip:
            name += ".gz"
            data = gzip.compress(data, mtime=0)
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        if language == "en" and copies is None:
            bodies.append((name, body))
        truth[name] = {"outlet": outlet, "garbled": garbled, "copies": copies,
                       "language": language}
    return truth


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write the raw files into")
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    truth = generate(args.out, args.documents, args.seed)
    (args.out.parent / f"{args.out.name}-truth.json").write_text(
        json.dumps(truth, indent=1, sort_keys=True) + "\n")
    counts = {"garbled": sum(t["garbled"] for t in truth.values()),
              "syndicated": sum(t["copies"] is not None for t in truth.values()),
              "foreign": sum(t["language"] != "en" for t in truth.values())}
    print(f"wrote {len(truth)} documents to {args.out}: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
