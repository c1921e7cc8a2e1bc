"""The one shape of the package's errors: a Thai message for the user and an English one for logs."""

from __future__ import annotations


class ItaError(Exception):
    """An error with `message_th` (what a page or command shows) and `message_en` (for logs).

    str() is "Thai (English)"; an error whose Thai text is shown as it is overrides __str__. Both
    messages are the exception's args, so it survives pickling and copying."""

    def __init__(self, message_th: str, message_en: str) -> None:
        super().__init__(message_th, message_en)
        self.message_th = message_th
        self.message_en = message_en

    def __str__(self) -> str:
        return f"{self.message_th} ({self.message_en})"
