"""ita.core.markdown: user text shows as typed in Streamlit's Markdown."""

import re

import pandas as pd
import pytest

from ita.core.markdown import plain, plain_line, unescape

TRICKY = [
    "**หนา** _เอียง_ `code` ~~ขีด~~",
    "[ลิงก์](javascript:alert(1)) <b>html</b> &amp; &#60;",
    ":material/delete: ด่วน :fire: :red[แดง] $x^2$",
    "# หัวข้อ\n---\n- ย่อย\n+ บวก\n5. ห้า\n> อ้าง | ตาราง |",
    "ป่าตึง ๑๒๓ ไม่มีเครื่องหมาย",
    "\\ backslash {ปีกกา} !ตกใจ",
]


@pytest.mark.parametrize("text", TRICKY)
def test_plain_escapes_every_mark_and_unescape_gives_the_text_back(text):
    escaped = plain(text)
    assert unescape(escaped) == text
    # No Markdown mark is left unescaped.
    marks = set("\\`*_{}[]()#+-.!|<>:~$&")
    i = 0
    while i < len(escaped):
        if escaped[i] == "\\":
            i += 2
            continue
        assert escaped[i] not in marks, (escaped, i)
        i += 1


def test_plain_line_puts_the_text_on_one_line():
    assert plain_line("ก\nข\r\nค") == "ก ข ค"
    assert plain_line("1. ก\n- ข") == "1\\. ก \\- ข"
    assert plain_line("**หนา** [ลิงก์](x)\nบรรทัด") == "\\*\\*หนา\\*\\* \\[ลิงก์\\]\\(x\\) บรรทัด"


def test_plain_line_shows_a_missing_value_as_nothing_and_strips_the_text():
    # A blank cell (None, NaN) is no text, not the word 'None'; spaces around the text are dropped
    # so four leading spaces cannot turn the line into a code block.
    assert plain_line(None) == "" and plain_line(float("nan")) == "" and plain_line(pd.NA) == ""
    assert plain_line("    โค้ด  \n") == "โค้ด"
    assert plain_line(7) == "7"


def test_thai_text_without_marks_is_unchanged():
    assert plain("องค์การบริหารส่วนตำบลป่าตึง ปี ๒๕๖๘") == "องค์การบริหารส่วนตำบลป่าตึง ปี ๒๕๖๘"


def test_an_icon_directive_is_broken_because_escapes_do_not_stop_it():
    # Streamlit resolves `:material/name:` after the Markdown escapes (checked in Chromium: the
    # escaped form still drew the icon), so plain() puts a word joiner after the colon.
    shown = plain(":material/delete: ลบ").replace("\\", "")
    assert ":material/" not in shown and "\u2060material/delete" in shown
    assert unescape(plain(":material/delete: ลบ")) == ":material/delete: ลบ"


def test_plain_escapes_a_link_math_and_a_colour_directive():
    assert plain("อบต.*ตัวหนา* [ลิงก์](http://x) $x$ :red[แดง]") == (
        r"อบต\.\*ตัวหนา\* \[ลิงก์\]\(http\://x\) \$x\$ \:red\[แดง\]"
    )


# Issue 11, case 9: Streamlit's Markdown (remark-gfm in 1.67) links bare addresses in the text left
# once the escapes are resolved, so `https\://example\.com` was still a link. A word joiner after
# '://', 'www' or '@' breaks the address (checked in Chromium: no <a> is drawn; the old form drew one).
ADDRESSES = [
    ("ดู https://example.com", "ดู https\\://\u2060example\\.com"),
    ("ดู www.example.go.th/ita", "ดู www\u2060\\.example\\.go\\.th/ita"),
    ("เว็บ WWW.Example.COM", "เว็บ WWW\u2060\\.Example\\.COM"),
    ("ส่งที่ ita@example.go.th", "ส่งที่ ita@\u2060example\\.go\\.th"),
    ("HTTP://A.B และ ftp://x.y/z", "HTTP\\://\u2060A\\.B และ ftp\\://\u2060x\\.y/z"),
]


@pytest.mark.parametrize(("text", "shown"), ADDRESSES)
def test_plain_breaks_bare_addresses_and_unescape_gives_them_back(text, shown):
    assert plain_line(text) == plain(text) == shown
    assert unescape(plain_line(text)) == text
    # What the link finder reads (the escapes resolved) matches neither GFM pattern any more.
    resolved = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", shown)  # Markdown's escapes, the joiners kept
    assert "\u2060" in resolved
    assert not re.search(r"(?i)(https?://|www(?=\.))[-.\w]", resolved)
    assert not re.search(r"[-.\w+]+@[-\w]+(?:\.[-\w]+)+", resolved)


def test_an_address_without_a_dot_is_left_as_it_was():
    # Nothing links 'http://x' or 'a@b', so nothing is put in; the escapes alone are as before.
    assert plain("http://x a@b") == "http\\://x a@b"


@pytest.mark.parametrize("text", ["https://\u2060a.b", "www\u2060.a.b", "wwww.a.b", "a@\u2060b.c", "x://y.z\n@a.b"])
def test_word_joiners_already_in_the_text_round_trip(text):
    assert unescape(plain(text)) == text
