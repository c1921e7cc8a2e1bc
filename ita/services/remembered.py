"""Settings a page keeps across visits to other pages. Streamlit drops the value of a widget that a
run does not draw, so each value is also kept in a dict of its own (written after the widget is
read) and put back under the widget's key before the widget is drawn again. Works on any mutable
mapping: the page passes st.session_state, the tests a dict."""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from typing import Any


class Remembered:
    """The settings kept under `key` in `state` (starting from `defaults`), their widgets keyed
    `prefix` + the setting's name."""

    def __init__(self, state: MutableMapping[str, Any], key: str, defaults: Mapping[str, Any], prefix: str) -> None:
        self._state = state
        self._defaults = dict(defaults)
        self._prefix = prefix
        self.values: dict[str, Any] = state.setdefault(key, dict(defaults))

    def widget(self, name: str) -> str:
        """Returns the widget key of setting `name`, its remembered value restored when the widget is new."""
        key = f"{self._prefix}{name}"
        if key not in self._state:
            self._state[key] = self.values.get(name, self._defaults[name])
        return key

    def keep(self, **values: Any) -> None:
        """Remembers the settings given (a widget's value just read)."""
        self.values.update(values)

    def __getitem__(self, name: str) -> Any:
        """Returns the remembered value of setting `name`."""
        return self.values[name]
