"""Thai line breaking for the Word and PDF documents: lines break between words, never inside one.

Thai is written without spaces between words, so a renderer must guess where a line may break.
LibreOffice (ICU's dictionary) and Word each guess differently, and both split compounds and names
("สิ่ง/แวดล้อม", "อบ/ต.ป่าตึง") or, in a narrow cell, syllables ("กองสา/ธารณสุขฯ"). Here PyThaiNLP's
dictionary segmentation (newmm, the well-kept Thai tokenizer) decides instead, and the text says so
with two invisible characters:
- ZERO WIDTH SPACE between two words: a line may break there;
- WORD JOINER inside a word, before each character a syllable could start with: it may not.
Neither is drawn, nor kept in the PDF's text (copying or searching the PDF finds the plain words).
Place names after their prefix ("อบต.ป่าตึง", "อำเภอแม่จัน", "จังหวัดเชียงราย") are kept whole, since
the dictionary does not know every village; "พ.ศ. ๒๕๖๙" keeps its year and "๕. กองช่าง" its number on
its line.

Used for table cells and titles, whose lines are short; the justified paragraphs are left to the
renderer (a long line has many good places to break) and stay plain for whoever edits the Word file.
"""

from __future__ import annotations

import re
from functools import lru_cache

WORD_JOINER = "\u2060"
ZERO_WIDTH_SPACE = "\u200b"
NO_BREAK_SPACE = "\u00a0"
INVISIBLE = (WORD_JOINER, ZERO_WIDTH_SPACE)

# A Thai syllable starts with a consonant (ก–ฮ) or a leading vowel (เ แ โ ใ ไ): the only places a
# renderer could break inside a Thai word, so the only places a word joiner is needed.
_STARTS = re.compile(r"[\u0e01-\u0e2e\u0e40-\u0e44]")
_THAI = re.compile(r"[\u0e01-\u0e4e]")
# A break may come before a token that starts a word (Thai syllable, Latin letter, opening bracket or
# quote), after one that does not open something.
_OPENS_WORD = re.compile(r"[\u0e01-\u0e2e\u0e40-\u0e44A-Za-z(\[“\"']")
_OPENING = ("(", "[", "“", '"', "'")
# Prefixes of Thai place and agency names: the Thai run after one is a name, kept whole.
PLACE_PREFIXES: tuple[str, ...] = (
    "องค์การบริหารส่วนตำบล", "องค์การบริหารส่วนจังหวัด", "เทศบาลตำบล", "เทศบาลเมือง", "เทศบาลนคร",
    "อบต.", "อบจ.", "ทต.", "ทม.", "ทน.", "ตำบล", "อำเภอ", "จังหวัด",
)
# The name is the Thai run after the prefix when it ends there (a space, punctuation or the text's end)
# within 12 characters; a longer run is a name followed by more words, left to the dictionary.
_PLACE = re.compile(
    "(" + "|".join(re.escape(p) for p in PLACE_PREFIXES) + r")([\u0e01-\u0e4e]{1,12})(?![\u0e01-\u0e4e])"
)
_YEAR = re.compile(r"(พ\.ศ\.|ค\.ศ\.) (?=[0-9๐-๙])")
# A list number ("๕. ") stays on the line of its first word.
_LIST_NUMBER = re.compile(r"(?:(?<=\s)|^)([0-9๐-๙]{1,3}\.) (?=\S)")
# LibreOffice, asked to break before an opening bracket, breaks one or two characters after it instead
# ("(I / TA)", "(ม / าตรการ"), marks or not: a bracket is glued to the word before it (a no-break
# space for a space, nothing for no space), so the line breaks before that word.
_BEFORE_BRACKET = re.compile(r"(?<=\S) (?=[(\[])")
# A web address or e-mail (Latin with dots or slashes) is one word: renderers break it at a dot.
_AFTER_BRACKET = re.compile(r"[(\[](?=[^\s\u2060])")
_ADDRESS = re.compile(r"[A-Za-z0-9_-]+(?:[./@][A-Za-z0-9_-]+)+")
_WHOLE = re.compile(f"{_PLACE.pattern}|{_ADDRESS.pattern}")


def _glued(word: str) -> str:
    """Returns a Thai word with a word joiner before each character a syllable could start with."""
    out = [word[0]]
    for ch in word[1:]:
        if _STARTS.match(ch):
            out.append(WORD_JOINER)
        out.append(ch)
    return "".join(out)


@lru_cache(maxsize=1)
def _tokenize():  # noqa: ANN202 - pythainlp's function
    # Imported on first use: loading the dictionary takes about half a second, paid only by the
    # first document made in a process.
    from pythainlp.tokenize import word_tokenize

    return word_tokenize


def _tokens(text: str) -> list[str]:
    """Returns the text's words (whitespace runs kept as tokens), place names and web addresses whole."""
    tokens: list[str] = []
    at = 0
    for match in _WHOLE.finditer(text):
        tokens += _tokenize()(text[at:match.start()], engine="newmm", keep_whitespace=True)
        tokens.append(match.group(0))
        at = match.end()
    tokens += _tokenize()(text[at:], engine="newmm", keep_whitespace=True)
    return [t for t in tokens if t]


@lru_cache(maxsize=8192)
def breakable(text: str) -> str:
    """Returns `text` with its line breaks decided: a zero width space between words, word joiners
    inside each Thai word, a no-break space between "พ.ศ." and its year and after a list number
    ("๑. "). Drawn, it looks the same."""
    if not _THAI.search(text):
        return text
    text = _YEAR.sub(lambda m: m.group(1) + NO_BREAK_SPACE, text)
    text = _LIST_NUMBER.sub(lambda m: m.group(1) + NO_BREAK_SPACE, text)
    text = _BEFORE_BRACKET.sub(NO_BREAK_SPACE, text)
    out: list[str] = []
    previous = ""
    for token in _tokens(text):
        # (str.isspace is true of the no-break space too: no break is added beside it.)
        if token.isspace():
            out.append(token)
            previous = token
            continue
        if (previous and not previous.isspace() and _OPENS_WORD.match(token) and not previous.endswith(_OPENING)
                and not token.startswith(("(", "["))):
            out.append(ZERO_WIDTH_SPACE)
        out.append(_glued(token) if _THAI.search(token)
                   else WORD_JOINER.join(token) if _ADDRESS.fullmatch(token) else token)
        previous = token
    # ... and breaks inside what follows a bracket unless it is glued to it: "(" + joiner.
    return _AFTER_BRACKET.sub("\\g<0>" + WORD_JOINER, "".join(out))


def words(text: str) -> list[str]:
    """Returns the Thai words of `text` as breakable() keeps them whole (place names included): the
    words a rendered line must never split."""
    return [t for t in _tokens(text) if _THAI.search(t) and not t.isspace()]


def plain(text: str) -> str:
    """Returns text without the invisible break marks (what a reader copies from the document)."""
    return text.translate({ord(c): None for c in INVISIBLE})
