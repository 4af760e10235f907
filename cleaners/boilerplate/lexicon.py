"""The words the boilerplate rules are made of, per language, and the patterns built from them.

Each language has a folder `lang/<code>/`: phrase lists (`phrases.py`) and `words.toml`, the
words of the rules that recognise bylines, datelines, captions, copyright lines, prompts and
author boxes. `lang/any/words.toml` holds what does not depend on the page's language (news
and photo agencies, social networks, particles of personal names, time zones). `lexicon(
languages)` reads the folders of the configured languages and builds the patterns once; the
rules in `headlines.py`, `lines.py` and `structure.py` only hold the shape around the words.
Adding a language is adding a folder (keys it lacks simply add nothing).

The keys of `words.toml`, by table:

- `[byline]` `by` (the word before the names: "By", "von", "par"), `openers` ("written by",
  "author"), `and` (between two names), `organisations` (capitalised words that make a
  byline name an outlet), `roles`/`role_qualifiers` ("Senior Writer"), `followers` ("for The
  Post", "in Lisbon"), `reading_time` ("5 min read"), `credits`/`credit_qualifiers`
  ("Additional reporting by"); in `any`: `name_particles` ("de", "van", "bin");
- `[dates]` `months` (a table: name -> number), `day_suffixes` ("18th", "1er", "18."),
  `month_first_day_suffixes` ("March 18th"), `joiners` ("18 de marzo de 2024"), `stamps`
  ("Published", "mis à jour"), `dateline_words` (weekdays, "on", "am"), `time_suffixes`
  ("a.m.", "Uhr"); in `any`: `time_zones`;
- `[captions]` `credit_labels` ("(Photo: ...)" ending a caption), `line_labels` ("Photo
  credit: ..." starting a line), `photo_words`/`credit_word` ("Photo: Getty Images"),
  `illustrations` ("Symbolbild", "file photo");
- `[legal]` `copyright`, `reserved` ("all rights reserved"), `notice_words` (words of a long
  legal notice; "reproduc*" stands for every word starting "reproduc"), `cookies`/
  `cookie_context` (a cookie notice);
- `[prompts]` `subscribe`/`subscribe_to`, `newsletter`, `get_app`/`app`, `follow`/
  `follow_on`, `share` (share-button labels), `commission`/`affiliate` (an affiliate
  disclosure); in `any`: `[social] networks`, `app_stores`;
- `[bio]` `first_person` ("I am"), `professions`, `third_person`/`third_person_verbs`/
  `third_person_topics` ("She covers ..."), `name_verbs` ("Dana Roe is ..."), `pronouns`
  ("Dana holds ... she ...": a given name alone opens a paragraph about a person).
- `[agencies]` (in `any`): `news`, `photo`.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.abc import Traversable
from typing import Any

#: The folder of words that apply whatever the page's language.
ANY = "any"
#: The language whose phrase lists are consulted first (a phrase two lists share is reported
#: under the first).
FIRST = "en"
#: Never matches: the pattern of a rule whose words no configured language has.
NEVER = "(?!)"


@cache
def language_folders() -> dict[str, Traversable]:
    """The languages copydesk has words for, by code (`lang/<code>/`): English first, then
    the others by code. The folders are package data, so reading them once is safe."""
    root = resources.files(__package__) / "lang"
    found = {entry.name: entry for entry in root.iterdir()
             if entry.is_dir() and entry.name != ANY and not entry.name.startswith(("_", "."))}
    return {code: found[code] for code in sorted(found, key=lambda code: (code != FIRST, code))}


#: The languages used when no others are configured: every folder.
DEFAULT_LANGUAGES = tuple(language_folders())


def any_of(words: Iterable[str]) -> str:
    """A regular-expression alternation of literal words, longest first (so that "last
    updated" is tried before "updated"); a word ending in "*" stands for every word that
    starts with it; no words give a pattern that never matches.

    >>> any_of(["law", "reproduc*", "last updated"])
    'last\\\\ updated|reproduc\\\\w*|law'
    """
    unique = sorted(set(words), key=lambda word: (-len(word), word))
    if not unique:
        return NEVER
    return "|".join(re.escape(word[:-1]) + r"\w*" if word.endswith("*") else re.escape(word)
                    for word in unique)


def _short_bounded(names: Iterable[str]) -> str:
    """Names as a prefix alternation where names of three letters or fewer must end a word
    ("AP" is not the start of "Apple"; "Getty" is the start of "Getty Images")."""
    names = sorted(set(names), key=lambda name: (-len(name), name))
    return "|".join(re.escape(name) + (r"\b" if len(name) <= 3 else "") for name in names)


@dataclass(frozen=True)
class Lexicon:
    """The boilerplate rules' patterns for a set of languages."""

    languages: tuple[str, ...]
    months: dict[str, int]
    month: str  # an alternation of month names, longest first
    byline: re.Pattern[str]
    byline_label: re.Pattern[str]  # a label alone, the names after it ("Written by", "Author:")
    join: re.Pattern[str]
    organisation: re.Pattern[str]
    stamped_byline: re.Pattern[str]
    byline_rest: re.Pattern[str]
    credits: re.Pattern[str]
    dates: tuple[re.Pattern[str], ...]
    dateline_filler: re.Pattern[str]
    stamp: re.Pattern[str]
    caption: re.Pattern[str]
    credit_line: re.Pattern[str]  # a line that is a photo credit ("Photo: Jane Roe")
    stamp_start: re.Pattern[str]  # a line that opens with a publication stamp ("Published")
    stamp_word: re.Pattern[str]  # a publication stamp anywhere ("... Last updated: <date>")
    reading_line: re.Pattern[str]  # a line that is only a reading time ("6 min read")
    cookie: tuple[re.Pattern[str], re.Pattern[str]]  # a cookie word, and its context
    affiliate: tuple[re.Pattern[str], re.Pattern[str]]  # "commission", and "links"
    copyright: re.Pattern[str]
    legal_words: re.Pattern[str]
    subscribe: re.Pattern[str]
    subscribe_to: re.Pattern[str]
    newsletter_name: re.Pattern[str]
    app: re.Pattern[str]
    follow: re.Pattern[str]
    social: frozenset[str]
    bio_first_person: re.Pattern[str]
    bio_third_person: tuple[str, str]  # the pattern around a name (see `third_person_bio`)
    bio_verb: re.Pattern[str]
    bio_pronoun: re.Pattern[str]
    roles: frozenset[str] = frozenset()  # role words and their qualifiers, casefolded

    def third_person_bio(self, name: str) -> re.Pattern[str]:
        """A paragraph about the writer in the third person: `name` (a pattern), "She" or
        "They", then "is", "covers" ... and a profession within 120 characters."""
        before, after = self.bio_third_person
        return re.compile(f"{before}{name}{after}")


@cache
def lexicon(languages: tuple[str, ...]) -> Lexicon:
    """The patterns for `languages` (the words are static data, so caching is safe)."""
    folders = language_folders()
    unknown = [code for code in languages if code not in folders]
    if unknown:
        raise ValueError(f"no words for language(s) {', '.join(map(repr, unknown))}: "
                         f"copydesk has {', '.join(folders)}")
    tables = [_load(folders[code]) for code in languages]
    anywhere = _load(resources.files(__package__) / "lang" / ANY)
    return _build(languages, _Words([*tables, anywhere]))


def _load(folder: Traversable) -> dict[str, Any]:
    path = folder / "words.toml"
    if not path.is_file():
        return {}
    return tomllib.loads(path.read_text(encoding="utf-8"))


class _Words:
    """The union of one key over several `words.toml` files, in file order."""

    def __init__(self, tables: list[dict[str, Any]]) -> None:
        self.tables = tables

    def __call__(self, table: str, key: str) -> list[str]:
        found: list[str] = []
        for data in self.tables:
            for word in data.get(table, {}).get(key, []):
                if word not in found:
                    found.append(word)
        return found

    def mapping(self, table: str, key: str) -> dict[str, int]:
        merged: dict[str, int] = {}
        for data in self.tables:
            merged.update(data.get(table, {}).get(key, {}))
        return merged


def _build(languages: tuple[str, ...], words: _Words) -> Lexicon:
    i = re.IGNORECASE
    months = {name.casefold(): number for name, number in
              words.mapping("dates", "months").items()}
    month = any_of(months)
    agencies = words("agencies", "news")
    stamps = words("dates", "stamps")
    by = any_of(words("byline", "by"))

    name_word = rf"(?:[A-ZÀ-ÖØ-Þ][\w'’.-]*|{any_of(words('byline', 'name_particles'))})"
    name = rf"[A-ZÀ-ÖØ-Þ][\w'’.-]+(?:\s+{name_word}){{0,4}}"
    join = rf"\s*(?:,|\b(?:{any_of(words('byline', 'and'))})\b|&)\s*"
    byline = re.compile(
        rf"^(?i:{any_of(words('byline', 'by') + words('byline', 'openers'))})"
        rf"\s*:?\s+(?P<names>{name}(?:{join}{name})*)(?P<rest>\s*(?:[,|·•—–-]\s*.*)?)$")

    rest = []
    if roles := words("byline", "roles"):
        rest.append(rf"(?:{any_of(words('byline', 'role_qualifiers'))})?\s*"
                    rf"(?:{any_of(roles)})s?")
    rest.append(any_of(agencies))
    if followers := words("byline", "followers"):
        rest.append(rf"(?:{any_of(followers)}) [\w .'-]{{1,40}}")
    if reading := words("byline", "reading_time"):
        rest.append(rf"\d+ (?:{any_of(reading)})")
    rest.append(any_of(stamps))
    credits = any_of(words("byline", "credits"))
    qualifiers = words("byline", "credit_qualifiers")
    credit = rf"(?:(?:{any_of(qualifiers)}) )?(?:{credits})" if qualifiers else credits

    def day_suffix(key: str) -> str:
        found = words("dates", key)
        return rf"(?:{any_of(found)})?" if found else ""

    joiners = words("dates", "joiners")
    joiner = rf"(?:(?:{any_of(joiners)})\s+)?" if joiners else ""
    dates = (
        # Mar 18, 2024 / March 18th 2024
        re.compile(rf"\b(?P<month>{month})\.?\s+(?P<day>\d{{1,2}})"
                   rf"{day_suffix('month_first_day_suffixes')},?\s+(?P<year>\d{{4}})\b", i),
        # 18 March 2024 / 18. März 2024 / 18 de marzo de 2024 / 1er mars 2024
        re.compile(rf"\b(?P<day>\d{{1,2}}){day_suffix('day_suffixes')}\s+{joiner}"
                   rf"(?P<month>{month})\.?,?\s+{joiner}(?P<year>\d{{4}})\b", i),
        # 2024-03-18
        re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})\b"),
        # 18.03.2024 / 18/03/2024 (day first, as in de/fr/es)
        re.compile(r"\b(?P<day>\d{1,2})[./](?P<month>\d{1,2})[./](?P<year>\d{4})\b"),
    )
    filler_words = [*agencies, *stamps, *words("dates", "dateline_words"),
                    *words("dates", "time_zones")]
    time_suffix = any_of(words("dates", "time_suffixes"))

    caption_agencies = _short_bounded([*agencies, *words("agencies", "photo")])
    credit_word = words("captions", "credit_word")
    credit_line = (
        rf"^(?:{any_of(words('captions', 'line_labels'))})s?\s*:\s*\S"
        rf"|^(?:\(|\[)?(?:{any_of(words('captions', 'photo_words'))})\s*"
        + (rf"(?:{any_of(credit_word)})?\s*" if credit_word else "")
        + rf":?\s*(?:©|{caption_agencies})")
    caption = (
        rf"\((?:{any_of(words('captions', 'credit_labels'))})s?\s*:[^)]*\)\s*$"
        rf"|{credit_line}"
        rf"|^(?:{any_of(words('captions', 'illustrations'))})\b")

    networks = words("social", "networks")
    third = words("bio", "third_person")
    return Lexicon(
        languages=languages,
        months=months,
        month=month,
        byline=byline,
        byline_label=re.compile(
            rf"^(?:{any_of(words('byline', 'by') + words('byline', 'openers'))})s?\s*:?$", i),
        join=re.compile(join),
        organisation=re.compile(
            rf"\b(?:{any_of([*words('byline', 'organisations'), *agencies])})\b"),
        stamped_byline=re.compile(rf"^(?P<stamp>(?i:{any_of(stamps)})\b.{{4,40}}?)"
                                  rf"\s+(?i:{by})\s"),
        byline_rest=re.compile(rf"^(?:{'|'.join(rest)})\b", i),
        credits=re.compile(rf"^\(?{credit}\s+(?:{by})\b.{{0,160}}\)?$", i),
        dates=dates,
        dateline_filler=re.compile(
            rf"\((?:{any_of(agencies)})\)|\b(?:{any_of(filler_words)})\b"
            r"|\d{1,2}[:.h]\d{2}|[-–—|·•,:()]", i),
        stamp=re.compile(rf"^\W*(?:{any_of(stamps)})\b.{{0,40}}"
                         rf"(?:\d{{4}}|\d{{1,2}}[:.h]\d{{2}}\s*(?:{time_suffix})?)\W*$", i),
        caption=re.compile(caption, i),
        credit_line=re.compile(credit_line, i),
        stamp_start=re.compile(rf"^\W*(?:{any_of(stamps)})\b", i),
        stamp_word=re.compile(rf"\b(?:{any_of(stamps)})\b", i),
        reading_line=re.compile(rf"^\W*\d+\s*(?:{any_of(words('byline', 'reading_time'))})\W*$",
                                i),
        cookie=(re.compile(rf"\b(?:{any_of(words('legal', 'cookies'))})\b", i),
                re.compile(rf"\b(?:{any_of(words('legal', 'cookie_context'))})\b", i)),
        affiliate=(re.compile(rf"\b(?:{any_of(words('prompts', 'commission'))})\b", i),
                   re.compile(rf"\b(?:{any_of(words('prompts', 'affiliate'))})\b", i)),
        copyright=re.compile(
            rf"©|\(c\)\s*(?:19|20)\d{{2}}"
            rf"|\b(?:{any_of(words('legal', 'copyright'))})\b\s*(?:©|\(c\))?\s*(?:19|20)\d{{2}}"
            rf"|\b(?:{any_of(words('legal', 'reserved'))})\b", i),
        legal_words=re.compile(rf"\b(?:{any_of(words('legal', 'notice_words'))})\b", i),
        subscribe=re.compile(rf"\b(?:{any_of(words('prompts', 'subscribe'))})\b", i),
        subscribe_to=re.compile(rf"\b(?:{any_of(words('prompts', 'subscribe_to'))})\b", i),
        newsletter_name=re.compile(rf"\b(?:{any_of(words('prompts', 'newsletter'))})\W*$", i),
        app=re.compile(rf"\b(?:{any_of(words('prompts', 'get_app'))})\b.{{0,60}}"
                       rf"\b(?:{any_of(words('prompts', 'app'))})\b.{{0,40}}"
                       rf"\b(?:{any_of(words('social', 'app_stores'))})\b", i),
        follow=re.compile(rf"^\W*(?:{any_of(words('prompts', 'follow'))})\b.{{0,60}}"
                          rf"\b(?:{any_of(words('prompts', 'follow_on'))})\s+"
                          rf"(?:{any_of(networks)})\b", i),
        social=frozenset(word.casefold() for word in [*networks, *words("prompts", "share")]),
        bio_first_person=re.compile(
            rf"^(?:{any_of(words('bio', 'first_person'))})\b.{{0,120}}?"
            rf"\b(?:{any_of(words('bio', 'professions'))})", i),
        bio_third_person=(
            "^(?:",
            rf"|{any_of(third)})\s+(?:{any_of(words('bio', 'third_person_verbs'))})\b"
            rf".{{0,120}}?\b(?:{any_of(words('bio', 'third_person_topics'))})"),
        bio_verb=re.compile(rf"\s+(?:{any_of(words('bio', 'name_verbs'))})\b"),
        bio_pronoun=re.compile(rf"\b(?:{any_of(words('bio', 'pronouns'))})\b", i),
        roles=frozenset(word.casefold() for word in
                        [*words("byline", "roles"), *words("byline", "role_qualifiers")]),
    )
