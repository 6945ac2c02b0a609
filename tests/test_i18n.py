"""Spanish is the clinic's language: the compiled catalogue must match its source."""

import ast
import gettext
from pathlib import Path

LOCALE = Path(__file__).parent.parent / "locale" / "es" / "LC_MESSAGES"


def _entries(po: Path) -> dict[str, str]:
    entries, current, key = {}, {"msgid": [], "msgstr": []}, None
    for line in [*po.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith(("msgid ", "msgstr ")):
            key, _, rest = line.partition(" ")
            current[key] = [ast.literal_eval(rest)]
        elif line.startswith('"') and key:
            current[key].append(ast.literal_eval(line))
        elif not line.strip():
            msgid, msgstr = "".join(current["msgid"]), "".join(current["msgstr"])
            if msgid:
                entries[msgid] = msgstr
            current, key = {"msgid": [], "msgstr": []}, None
    return entries


def test_every_message_is_translated_and_compiled():
    entries = _entries(LOCALE / "django.po")
    with open(LOCALE / "django.mo", "rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    assert len(entries) > 300
    untranslated = [msgid for msgid, msgstr in entries.items() if not msgstr]
    assert untranslated == []
    stale = [m for m, s in entries.items() if catalogue.gettext(m) != s]
    assert stale == [], "run: manage.py compilemessages"
