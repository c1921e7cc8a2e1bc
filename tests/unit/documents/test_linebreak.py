"""ita.documents.linebreak: where a rendered Thai line may break (the render test in tests/e2e checks
that LibreOffice follows it; these check the marks themselves)."""

from __future__ import annotations

from ita.documents.linebreak import NO_BREAK_SPACE as NBSP
from ita.documents.linebreak import WORD_JOINER as WJ
from ita.documents.linebreak import ZERO_WIDTH_SPACE as ZWSP
from ita.documents.linebreak import breakable, plain, words


def _shown(text: str) -> str:
    return breakable(text).replace(WJ, "|").replace(ZWSP, "^").replace(NBSP, "_")


def test_words_are_separated_and_joined_inside():
    assert _shown("ประชาสัมพันธ์") == "ป|ระ|ชา|สั|ม|พั|น|ธ์"
    # newmm's dictionary holds "การประเมิน" as one word
    assert _shown("การประเมินคุณธรรม").replace("|", "").split("^") == ["การประเมิน", "คุณธรรม"]
    assert plain(breakable("การประเมินคุณธรรม")) == "การประเมินคุณธรรม"


def test_text_without_thai_is_left_alone():
    assert breakable("Facebook 2568 (ITA)") == "Facebook 2568 (ITA)"


def test_place_names_year_and_list_numbers_stay_whole():
    assert words("อบต.ป่าตึง อำเภอแม่จัน") == ["อบต.ป่าตึง", "อำเภอแม่จัน"]
    assert "^" not in _shown("อบต.ป่าตึง")
    assert _shown("พ.ศ. ๒๕๖๙").endswith("._๒๕๖๙")
    assert _shown("๕. จัดประชุม").startswith("๕._")


def test_a_bracket_is_glued_to_the_word_before_and_the_text_after():
    # LibreOffice breaks one or two characters past a break before "(": none is offered there.
    assert _shown("ปี ๒๕๖๗ (มาตรการ)") == "ปี ๒๕๖๗_(|มา|ต|ร|กา|ร)"
    assert _shown("ภาครัฐ(ITA)") == "ภา|ค|รั|ฐ(|ITA)"
    assert _shown("ภาครัฐ (ITA)") == "ภา|ค|รั|ฐ_(|ITA)"


def test_a_web_address_is_one_word():
    assert _shown("เว็บไซต์ patueng.go.th และ") == "เ|ว็|บ|ไ|ซ|ต์ p|a|t|u|e|n|g|.|g|o|.|t|h แ|ละ"
    assert plain(breakable("ที่ www.facebook.com/patueng")).endswith("www.facebook.com/patueng")
