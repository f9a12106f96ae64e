"""Vietnamese text helpers: diacritic folding for search, name parts and collation order.

Written here rather than taken from a library: `unidecode` transliterates every script and would be a
dependency for a dozen lines, and no maintained library offers Vietnamese name collation.
"""

import unicodedata

_D_MAP = str.maketrans({"đ": "d", "Đ": "d"})


def nfc(text: str) -> str:
    """The text in Unicode NFC, with runs of white space collapsed to one space."""
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def fold(text: str) -> str:
    """Lower-case text without diacritics (đ → d): the form stored in and compared with search columns."""
    decomposed = unicodedata.normalize("NFD", (text or "").translate(_D_MAP).lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.split())


def split_name(full_name: str) -> tuple[str, str, str]:
    """(family, middle, given) of a Vietnamese full name written family first."""
    parts = nfc(full_name).split(" ")
    if len(parts) == 1:
        return "", "", parts[0]
    return parts[0], " ".join(parts[1:-1]), parts[-1]


# Vietnamese alphabet order; tones are a second-level difference, as in a Vietnamese dictionary.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_TONES = {"": 0, "\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def _letters(word: str) -> list[tuple[int, int]]:
    """(letter rank, tone rank) for each letter of a word; unknown characters sort after z."""
    out = []
    for ch in unicodedata.normalize("NFC", word.lower()):
        decomposed = unicodedata.normalize("NFD", ch)
        base, marks = decomposed[0], decomposed[1:]
        tone = 0
        for mark in marks:
            if mark in _TONES:
                tone = _TONES[mark]
            elif mark == "\u0302":
                base = {"a": "â", "e": "ê", "o": "ô"}.get(base, base)
            elif mark == "\u0306" and base == "a":
                base = "ă"
            elif mark == "\u031b":
                base = {"o": "ơ", "u": "ư"}.get(base, base)
        if base.isdigit():
            rank = int(base)
        else:
            rank = _ALPHABET.find(base)
            rank = 10 + (rank if rank >= 0 else len(_ALPHABET) + (ord(base) % 50))
        out.append((rank, tone))
    return out


def _encode(ranks: list[int]) -> str:
    # Two lower-case hex digits per rank: only [0-9a-f], so every database collation orders it alike.
    return "".join(f"{r:02x}" for r in ranks)


def name_sort_key(full_name: str) -> str:
    """Collation key ordering people by given name, then family name, then middle name, the Vietnamese way."""
    family, middle, given = split_name(full_name)
    primary, tones = [], []
    for word in (given, family, *middle.split(" ")):
        for rank, tone in _letters(word):
            primary.append(rank + 1)
            tones.append(tone)
        primary.append(0)  # word separator sorts before any letter
    return _encode(primary) + "00" + _encode(tones)


def letter_count(text: str | None) -> int:
    """How many letters `text` holds: "…", "---" or "1." hold none (an empty section is not written)."""
    return sum(1 for ch in text or "" if ch.isalpha())
