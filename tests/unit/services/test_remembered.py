"""ita.services.remembered: settings kept across page visits, restored into a widget's key only
when the widget is new (Streamlit dropped it), and never over a value the widget still has."""

from __future__ import annotations

from ita.services.remembered import Remembered

DEFAULTS = {"strong_from": 95.0, "meeting": False}


def test_a_new_widget_starts_from_the_default_and_then_from_what_was_kept() -> None:
    state: dict = {}
    settings = Remembered(state, "kept", DEFAULTS, "set_")
    assert settings.widget("strong_from") == "set_strong_from"
    assert state["set_strong_from"] == 95.0
    settings.keep(strong_from=96.5)
    assert state["kept"] == {"strong_from": 96.5, "meeting": False}
    # Another page ran: Streamlit dropped the widget's value; the next visit restores the kept one.
    del state["set_strong_from"]
    again = Remembered(state, "kept", DEFAULTS, "set_")
    assert again["strong_from"] == 96.5
    again.widget("strong_from")
    assert state["set_strong_from"] == 96.5


def test_a_widget_that_still_has_a_value_keeps_it() -> None:
    state: dict = {"set_meeting": True, "kept": {"meeting": False, "strong_from": 95.0}}
    settings = Remembered(state, "kept", DEFAULTS, "set_")
    settings.widget("meeting")
    assert state["set_meeting"] is True  # what the person just switched on, not the older kept value


def test_a_setting_missing_from_an_older_kept_dict_starts_from_its_default() -> None:
    state: dict = {"kept": {"strong_from": 90.0}}
    settings = Remembered(state, "kept", DEFAULTS, "set_")
    settings.widget("meeting")
    assert state["set_meeting"] is False
    assert settings["strong_from"] == 90.0


def test_two_pages_with_their_own_keys_do_not_share_settings() -> None:
    state: dict = {}
    Remembered(state, "weak", DEFAULTS, "weak_").keep(strong_from=99.0)
    other = Remembered(state, "other", DEFAULTS, "other_")
    assert other["strong_from"] == 95.0
