"""The boilerplate stage: take out everything that is not the article, and move its metadata
(title, byline, dateline) out of the body.

Per document (`strip.py`): `headlines.py` finds the title, byline and dateline at the top;
`lines.py` judges each line on its own (phrase lists of `phrases.py`, captions, copyright,
prompts, menus); `structure.py` reads the page's shape around the article. Over the corpus
(`template.py`): lines that recur across many documents outside their articles are the site's
template. The words of each language are in `lang/<code>/` (`lexicon.py`, `phrases.py`).
Settings: `settings.py`.
"""

from __future__ import annotations

from copydesk.cleaners.boilerplate.settings import BoilerplateSettings
from copydesk.cleaners.boilerplate.strip import NAME, strip_boilerplate
from copydesk.cleaners.boilerplate.template import TemplateLines
from copydesk.cleaners.reasons import Reason
from copydesk.cleaners.stage import Stage

STAGE = Stage(
    name=NAME,
    summary="title, byline and dateline into metadata; repeated titles, captions and the "
            "lines named by the phrase lists and word rules of each language out; over the "
            "corpus, lines that recur across many documents outside their articles (site "
            "template) out",
    settings=BoilerplateSettings,
    reasons=(Reason.NAVIGATION, Reason.RELATED_LINKS, Reason.COMMENTS, Reason.NEWSLETTER,
             Reason.ADVERTISEMENT, Reason.LEGAL_FOOTER, Reason.CAPTION, Reason.AUTHOR_BIO,
             Reason.REPEATED_TITLE, Reason.TEMPLATE_LINE, Reason.BYLINE, Reason.DATELINE,
             Reason.TITLE),
    document=strip_boilerplate,
    corpus=TemplateLines,
)

__all__ = ["STAGE", "BoilerplateSettings", "TemplateLines", "strip_boilerplate"]
