"""Machine-translation damage that has one right repair, each a small named rule.

Machine translation of news (and the copy-paste around it) leaves typographic damage that a
reader repairs without thinking: ``meters.Many`` for ``meters. Many``, ``large -scale`` for
``large-scale``, ``now –- because`` for ``now – because``. Each rule here fixes one such pattern,
and each is written to leave correct text alone: a rule that fires on the 867 real paragraphs of
``shared/benchmarks/clean-paragraphs`` is a bug (``benchmarks/repair.py`` counts that).

Every rule is a function from text to text; `repair.py` runs them and records what changed.
The all-caps name rule needs the whole document (``XI`` is ``Xi`` only where the document
writes ``Xi``), so it is split into `name_case_map` (reads the document) and `fix_name_case`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import wordfreq

# --- missing space after a sentence end ------------------------------------------------------

# Endings that follow a dot inside names, addresses and code, never a new sentence:
# `example.Com`, `Node.Js`, `index.Html`. Matched case-insensitively on the word after the dot.
_NOT_SENTENCES = frozenset("""
    com org net edu gov mil int info biz io co uk us de fr es it nl ru cn jp in au ca ch eu ai
    tv me ly gg app dev page site online news js ts py rb go rs java cs cpp php pl sh md txt csv
    json xml yaml yml toml html htm css pdf doc docx xls xlsx ppt pptx png jpg jpeg gif svg zip
    exe dll net
""".split())

_MISSING_SPACE = re.compile(
    r"(?<![\w.@/\\:#&])"  # the word before is not part of an address, a path or a dotted name
    r"(?P<word>[^\W\d_]{2,})"  # at least two letters: `U.S.Army` has one, so it stays
    r"(?P<end>\.+”?)"  # a full stop (or an ellipsis), with a closing curly quote if any
    r"(?P<next>“?[^\W\d_a-z][^\W\d_A-Z]+)"  # a capitalised word, optionally opening a quote
    r"(?![\w.(/@])"  # not `Console.WriteLine`, `Math.Floor(`, `example.Com.au`
)


def fix_missing_space(text: str) -> str:
    """Insert the space machine translation dropped after a full stop.

    Only after a full stop: a `?` or `!` glued to a capital is in real pages mostly two
    page elements run together (`its recovery?Monday, 6 January` in the clean-paragraph
    benchmark), not a sentence that lost its space.

    >>> fix_missing_space("a distance of 100 meters.Many cameras")
    'a distance of 100 meters. Many cameras'
    >>> fix_missing_space("the U.S.Army, Node.js, example.com, 3.5, e.g. that, 11.000")
    'the U.S.Army, Node.js, example.com, 3.5, e.g. that, 11.000'
    >>> fix_missing_space("according to the ministry.“The two countries")
    'according to the ministry. “The two countries'
    """
    if "." not in text:
        return text

    def insert(match: re.Match[str]) -> str:
        following = match["next"].lstrip("“")
        if not following[0].isupper() or following.lower() in _NOT_SENTENCES:
            return match[0]
        return f"{match['word']}{match['end']} {match['next']}"

    return _MISSING_SPACE.sub(insert, text)


# --- spaced compounds, dash runs, stray `,-` -------------------------------------------------

# `large -scale`: a space before the hyphen of a compound, none after. Both sides are lowercase
# English words of at least three letters (`ls -la`, `pip -q` and `x -y` have shorter ones), and the
# second is not followed by `=` or another hyphen (command-line options: `--force`, `-name=x`).
# English only (ASCII letters): in Russian `любимое -это` is a mistyped dash, not a compound.
_SPACED_COMPOUND = re.compile(r"(?<![\w-])(?P<left>[a-z]{3,}) -(?P<right>[a-z]{3,})(?![\w=-])")


def fix_spaced_compound(text: str) -> str:
    """Close the space that machine translation puts before the hyphen of a compound.

    >>> fix_spaced_compound("its large -scale invasion")
    'its large-scale invasion'
    >>> fix_spaced_compound("run ls -la, then grep -rn; 10 -15; pre- and post-war; a - b")
    'run ls -la, then grep -rn; 10 -15; pre- and post-war; a - b'
    >>> fix_spaced_compound("моё любимое -это море")
    'моё любимое -это море'
    """
    if " -" not in text:
        return text
    return _SPACED_COMPOUND.sub(r"\g<left>-\g<right>", text)


_DASH_RUN = re.compile(r"-+(?P<a>[–—])-*|(?P<b>[–—])-+")


def fix_dash_run(text: str) -> str:
    """An en or em dash with a hyphen stuck to it is that dash.

    >>> fix_dash_run("not now –- because; then —- later; x -– y")
    'not now – because; then — later; x – y'
    >>> fix_dash_run("pages 10–12, a -- b, well-known")
    'pages 10–12, a -- b, well-known'
    """
    if "-" not in text or not any(dash in text for dash in "–—"):
        return text
    return _DASH_RUN.sub(lambda m: m["a"] or m["b"], text)


# A comma with a hyphen glued to it before a space: `its neighbors,- that is`. After a digit it
# is a price (`5,- €` is German for five euros even), so only after a letter.
_STRAY_COMMA_DASH = re.compile(r"(?<=[^\W\d_]),-(?=\s)")


def fix_stray_comma_dash(text: str) -> str:
    """Drop the hyphen of a stray `,-` after a word.

    >>> fix_stray_comma_dash("with its neighbors,- that is")
    'with its neighbors, that is'
    >>> fix_stray_comma_dash("Preis: 5,- Euro")
    'Preis: 5,- Euro'
    """
    if ",-" not in text:
        return text
    return _STRAY_COMMA_DASH.sub(",", text)


# --- curly quotes ----------------------------------------------------------------------------

_EMPTY_QUOTE_BEFORE_WORD = re.compile(r"(?P<end>[.!?,])(?P<space> +)“”(?=[^\W\d_])")
# Exactly two: a longer run of quotes is not one quote typed twice.
_DOUBLED_OPEN = re.compile(r"(?<![\S“])““(?=[^\W\d_])")
_DOUBLED_CLOSE = re.compile(r"(?<=[^\W\d_.,!?])””(?![\w”])|(?<=[.,!?])””(?![\w”])")


def fix_broken_quotes(text: str) -> str:
    """Repair doubled or misplaced curly quotes where only one reading is possible.

    ``domination. “”China`` inside an open quotation: the quotation closes after the full
    stop and the next sentence starts unquoted. Outside an open quotation the pair could be
    either, so it stays. ``““word`` and ``word””`` are one quote typed twice.

    >>> fix_broken_quotes("“It is over. “”China will act")
    '“It is over.” China will act'
    >>> fix_broken_quotes("He left. “”China will act")
    'He left. “”China will act'
    >>> fix_broken_quotes("She said ““yes”” and left")
    'She said “yes” and left'
    >>> fix_broken_quotes("odd ”””” run")
    'odd ”””” run'
    """
    if "““" not in text and "””" not in text and "“”" not in text:
        return text
    text = _EMPTY_QUOTE_BEFORE_WORD.sub(_close_open_quotation, text)
    text = _DOUBLED_OPEN.sub("“", text)
    return _DOUBLED_CLOSE.sub("”", text)


def _close_open_quotation(match: re.Match[str]) -> str:
    before = match.string[: match.start()]
    if before.count("“") - before.count("”") != 1:
        return match[0]
    return f"{match['end']}”{match['space']}"


# --- all-caps names --------------------------------------------------------------------------

# A title-case word right after a whole lower-case word or a comma: a name, not a sentence
# opener and not one word of a Title Case heading (`About Us`, `The Implement Stage`).
# The lookahead lets `of Xi and Li` find both.
_TITLE_WORD = re.compile(r"(?:(?<![\w'’])[^\W\d_A-Z]+|[,;]) (?=([^\W\d_a-z][^\W\d_A-Z]+)\b)")
# Words this common are function words even where a page capitalises them (`US` vs `Us`,
# `IT` vs `It`): Zipf 5 is the top thousand or so English words; `xi` is 4.1, `us` 6.4.
_COMMON_ZIPF = 5.0
_LOWER_WORD = re.compile(r"\b[^\W\d_A-Z]+\b")
_CAPS_WORD = re.compile(r"\b[^\W\d_a-z]{2,}\b")
_ROMAN = re.compile(r"^M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$")
_WORD = re.compile(r"[^\W\d_]+")
_LAST_WORD = re.compile(r"[^\W\d_]+$")


def name_case_map(texts: Iterable[str]) -> dict[str, str]:
    """All-caps words of these texts whose title-case form the same texts use as a name.

    A title-case word counts as a name only mid-sentence (after a lower-case word or a
    comma), so that `Who` opening a sentence or `Us` in a heading does not make `WHO` or `US`
    a name; and a word the texts also write in lower case, or a very common English word
    (`us`, `it`), is not a name.

    >>> name_case_map(["Xi Jinping met Putin.", "Talks with Xi ended.", "the influence of XI."])
    {'XI': 'Xi'}
    >>> name_case_map(["The WHO said it would help.", "Who knows? It is up to us."])
    {}
    >>> name_case_map(["The US army.", "Read About Us here.", "a note to Us readers"])
    {}
    """
    texts = list(texts)
    titled: set[str] = set()
    lowered: set[str] = set()
    caps: set[str] = set()
    for text in texts:
        titled.update(match[1] for match in _TITLE_WORD.finditer(text))
        lowered.update(_LOWER_WORD.findall(text))
        caps.update(_CAPS_WORD.findall(text))
    mapping = {}
    for word in sorted(caps):
        name = word[0] + word[1:].lower()
        if name in titled and word.lower() not in lowered and not _common(word.lower()):
            mapping[word] = name
    return mapping


def _common(word: str) -> bool:
    return wordfreq.zipf_frequency(word, "en") >= _COMMON_ZIPF


def fix_name_case(text: str, names: Mapping[str, str]) -> str:
    """Write the all-caps forms in `names` as the document's title-case name.

    Not the first word of a paragraph (datelines, labels), not in parentheses (an acronym
    being defined), not inside a run of all-caps words (a shouted headline), and not a Roman
    numeral after a name (`Louis XI`; a
    capitalised word that opens a sentence is not taken for a name: `Then XI said`).

    >>> fix_name_case("the influence of XI. Then XI said", {"XI": "Xi"})
    'the influence of Xi. Then Xi said'
    >>> fix_name_case("King Louis XI and XI JINPING ARRIVES", {"XI": "Xi"})
    'King Louis XI and XI JINPING ARRIVES'
    """
    if not names:
        return text

    def recase(match: re.Match[str]) -> str:
        word = match[0]
        if word not in names or match.start() == len(text) - len(text.lstrip()):
            return word
        if text[match.start() - 1: match.start()] == "(" and text[match.end(): match.end() + 1] \
                == ")":  # `Kospi Index (KOSPI)`: an acronym being defined
            return word
        before = text[: match.start()]
        previous = _neighbour_word(before, last=True)
        following = _neighbour_word(text[match.end():], last=False)
        if _shouted(previous) or _shouted(following):
            return word
        if _ROMAN.match(word) and previous[:1].isupper() and not _opens_sentence(before):
            return word
        return names[word]

    return _CAPS_WORD.sub(recase, text)


def _neighbour_word(text: str, last: bool) -> str:
    words = _WORD.findall(text[-40:] if last else text[:40])
    if not words:
        return ""
    return words[-1] if last else words[0]


def _opens_sentence(before: str) -> bool:
    """Whether the last word of `before` is the first of its sentence (`Then XI said`)."""
    head = _LAST_WORD.sub("", before.rstrip())
    return not head.strip() or head.rstrip()[-1] in ".!?:;…“\"("


def _shouted(word: str) -> bool:
    return len(word) >= 2 and word.isupper()
