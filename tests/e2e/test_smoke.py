"""The app opens in a real browser, runs without an error box and shows its Thai title as Thai glyphs."""

from helpers import ARTIFACTS_DIR, error_boxes, wait_for_app
from playwright.sync_api import Page, expect

# With no Thai font, Chromium draws every Thai character as the same box, and a combining mark such as
# the thanthakhat (U+0E4C) becomes a box of its own; with one, the mark takes no width of its own.
_THAI_MARK_WIDTHS_JS = """() => {
  const ctx = document.createElement('canvas').getContext('2d');
  ctx.font = getComputedStyle(document.querySelector('h1') || document.body).font;
  return [ctx.measureText('\\u0e01').width, ctx.measureText('\\u0e01\\u0e4c').width];
}"""


def test_home_page_renders_thai_without_errors(page: Page, app_url: str) -> None:
    page.goto(app_url)
    wait_for_app(page)

    ARTIFACTS_DIR.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS_DIR / "smoke_home.png"), full_page=True)

    assert error_boxes(page) == []
    expect(page.get_by_text("แดชบอร์ด").first).to_be_visible()
    base, with_mark = page.evaluate(_THAI_MARK_WIDTHS_JS)
    assert abs(with_mark - base) < 0.5, (
        f"Thai is drawn as boxes (mark adds {with_mark - base:.1f} px): is fonts-thai-tlwg installed?"
    )
