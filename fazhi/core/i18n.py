"""Labels declared in Chinese in code, shown in the reader's language (ADR 0027).

States, actions, outcomes, answer types, schema field titles, refusal and validation
messages and indicator names are written in Chinese where they are declared (ADR 0007: they
quote or paraphrase the statutes). They stay the authoritative text in code; at display time
`local()` looks them up in the English catalogue (`fazhi/locale/en/LC_MESSAGES/django.po`,
Chinese msgids, English msgstrs), so an English page shows English and a Chinese page shows
the declared text unchanged. A label the catalogue does not hold is shown as declared.
"""

from __future__ import annotations

from django.utils.translation import gettext


def local(text: str) -> str:
    """`text`, a label declared in Chinese, in the active language."""
    return gettext(text) if text else text
