"""Every interface string exists in German and English, and the committed .mo files are what the .po files say."""

import re
from pathlib import Path

from django.conf import settings

import polib
import pytest

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def catalog_key(entry):
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def catalog_value(entry):
    if entry.msgid_plural:
        return tuple(entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural))
    return entry.msgstr


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    po = polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    empty_plurals = [
        entry.msgid for entry in po if entry.msgid_plural and not all(entry.msgstr_plural.get(i) for i in (0, 1))
    ]
    assert not untranslated, f"{language}: untranslated messages: {untranslated}"
    assert not fuzzy, f"{language}: fuzzy messages (check and remove the flag): {fuzzy}"
    assert not empty_plurals, f"{language}: plural forms missing: {empty_plurals}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalog_matches_its_source(language):
    """Compared by content, not by mtime (a git checkout resets mtimes): run compilemessages after editing a .po."""
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    po = polib.pofile(str(folder / "django.po"))
    mo = polib.mofile(str(folder / "django.mo"))
    expected = {catalog_key(entry): catalog_value(entry) for entry in po.translated_entries()}
    compiled = {catalog_key(entry): catalog_value(entry) for entry in mo if entry.msgid}
    missing = sorted(key[1] for key in expected.keys() - compiled.keys())
    stale = sorted(key[1] for key in expected.keys() & compiled.keys() if expected[key] != compiled[key])
    extra = sorted(key[1] for key in compiled.keys() - expected.keys())
    assert not (missing or stale or extra), (
        f"{language}: django.mo is out of date; run compilemessages. "
        f"Missing: {missing[:5]}, changed: {stale[:5]}, removed: {extra[:5]}"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_survive_translation(language):
    """A translation that drops or renames a %(name)s placeholder would crash or lose text at render time."""
    pattern = re.compile(r"%\((\w+)\)[sd]")
    po = polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))
    broken = []
    for entry in po.translated_entries():
        wanted = set(pattern.findall(entry.msgid)) | set(pattern.findall(entry.msgid_plural or ""))
        strings = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        if any(set(pattern.findall(text)) - wanted for text in strings) or (
            not entry.msgid_plural and set(pattern.findall(entry.msgstr)) != set(pattern.findall(entry.msgid))
        ):
            broken.append(entry.msgid)
    assert not broken, f"{language}: placeholders differ from the msgid: {broken}"
