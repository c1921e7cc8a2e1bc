"""Entry point: the frame (page config, navigation, shared sidebar) and the chosen page. No logic."""

from ita.ui.shell import frame

frame().run()
