"""The exceptions somxl raises. Validation problems are reported, not raised (see report.py);
an exception means the input cannot be used at all."""

from __future__ import annotations

from typing import Any

from somxl.base.report import say
from somxl.base.vocab import pick


class SomxlError(Exception):
    """Base of every error somxl raises on purpose. ``exit_code`` is what the CLI exits with.

    Raise it with ``of(code, **params)``: its text is the issue catalogue's message for
    ``code`` (an E code, see issuecodes.py), in both languages. ``SomxlError(da, en=...)`` is
    left for the template spec's own errors (a developer's mistake, not a user's message)."""

    exit_code = 2

    def __init__(self, message: str, *, en: str | None = None, report=None):
        # ``message`` is Danish (the default language); ``en`` the English text.
        super().__init__(message)
        self.en = en
        self.report = report
        self.code: str | None = None

    @classmethod
    def of(cls, code: str, *, report=None, headline: bool = False, **params: Any):
        """The error whose text is the catalogue's sentence for ``code`` (see ``report.say``)."""
        err = cls(say(code, "da", params, headline=headline), en=say(code, "en", params, headline=headline),
                  report=report)
        err.code = code
        return err

    def text(self, lang: str = "da") -> str:
        return pick(lang, str(self.args[0]), self.en or str(self.args[0]))


class FileError(SomxlError):
    """A file cannot be read at all: missing, not a workbook, encrypted, unsafe, truncated."""


class InputError(SomxlError):
    """The content is readable but not usable: a case or catalogue with problems.

    ``report`` holds every problem found, so the user can fix them in one go."""


class OutputError(SomxlError):
    """An output cannot be written (it exists and --force was not given, or the folder is missing)."""
