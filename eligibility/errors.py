"""The errors the eligibility package raises. Every one carries a message in Chinese for the user.

- `EligibilityError`: the base class; catch it to catch everything below.
- `InputError(field, message, valid=…, closest=…)`: the user's input is wrong (unknown project or
  field, a value outside its range, an unreadable file). `field` is the dotted path of the
  offending field (`society.capability_grade`, `apply[2]`), `valid` the accepted values when they
  can be listed, `closest` the nearest valid value to a misspelling. The CLI maps it to exit 2.
- `RuleFileError(path, message)`: a bundled rule file is malformed (a programming error in the
  data, caught when the file is loaded, never at evaluation time).
"""
from __future__ import annotations

from collections.abc import Sequence


class EligibilityError(Exception):
    """Base of every error raised by `eligibility`."""


class InputError(EligibilityError, ValueError):
    """A problem with the user's input, naming the field, the valid values and the closest match."""

    def __init__(self, field: str, message: str, *, valid: Sequence[str] = (), closest: str | None = None):
        self.field = field
        self.message = message
        self.valid = tuple(str(v) for v in valid)
        self.closest = closest
        super().__init__(self.describe())

    def describe(self) -> str:
        """The full Chinese message: field, problem, closest match, valid values."""
        text = f"输入错误：{self.field}：{self.message}"
        if self.closest:
            text += f"；您是不是想写“{self.closest}”？"
        if self.valid:
            text += f"\n可选值：{'、'.join(self.valid)}"
        return text

    def to_json(self) -> dict:
        return {"error": "input", "field": self.field, "message": self.message,
                "valid": list(self.valid), "closest": self.closest}


class RuleFileError(EligibilityError):
    """A bundled rule file does not validate: the data, not the user, is wrong."""

    def __init__(self, path: str, message: str):
        self.path = path
        super().__init__(f"规则文件 {path} 有误：{message}")
