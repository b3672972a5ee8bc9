"""The errors the eligibility package raises. Every one carries a message in Chinese for the user.

- `EligibilityError`: the base class; catch it to catch everything below.
- `InputError(field, message, valid=…, closest=…)`: the user's input is wrong (unknown project or
  field, a value outside its range, an unreadable file). `field` is the dotted path of the
  offending field (`society.capability_grade`, `apply[2]`), `valid` the accepted values when they
  can be listed, `closest` the nearest valid value to a misspelling. One input with several
  problems raises one `InputError` whose `errors` lists them all (the first one's field/message are
  its own). The CLI maps it to exit 2; `to_json()` is the web API's error object.
- `RuleFileError(path, message)`: a bundled rule file is malformed (a programming error in the
  data, caught when the file is loaded, never at evaluation time).
"""
from __future__ import annotations

from collections.abc import Sequence


class EligibilityError(Exception):
    """Base of every error raised by `eligibility`."""


class InputError(EligibilityError, ValueError):
    """A problem with the user's input, naming the field, the valid values and the closest match."""

    def __init__(self, field: str, message: str, *, valid: Sequence[str] = (), closest: str | None = None,
                 errors: Sequence[InputError] = ()):
        self.field = field
        self.message = message
        self.valid = tuple(str(v) for v in valid)
        self.closest = closest
        self.errors: tuple[InputError, ...] = tuple(errors) or (self,)
        super().__init__(self.describe())

    @classmethod
    def of(cls, errors: Sequence[InputError]) -> InputError:
        """One error standing for several (flattened, in input order); the first names the field."""
        flat = [e for err in errors for e in err.errors]
        first = flat[0]
        return cls(first.field, first.message, valid=first.valid, closest=first.closest, errors=flat)

    def line(self) -> str:
        """One problem: field, what is wrong, the closest valid value, the valid values."""
        text = f"{self.field}：{self.message}"
        if self.closest:
            text += f"；您是不是想写“{self.closest}”？"
        if self.valid:
            text += f"\n  可选值：{'、'.join(self.valid)}"
        return text

    def describe(self) -> str:
        """The full Chinese message: every problem of the input, each with its field and valid values."""
        if len(self.errors) == 1:
            return "输入错误：" + self.line().replace("\n  可选值", "\n可选值")
        lines = [f"输入有 {len(self.errors)} 处错误："]
        lines += [f"{i}. {e.line()}" for i, e in enumerate(self.errors, 1)]
        return "\n".join(lines)

    def item(self) -> dict:
        return {"field": self.field, "message": self.message, "valid": list(self.valid), "closest": self.closest}

    def to_json(self) -> dict:
        """The API error object: {"error": {"code", "message", "field", …, "errors": [every problem]}}."""
        return {"error": {"code": "invalid_input", "message": self.describe(), "field": self.field,
                          "valid": list(self.valid), "closest": self.closest,
                          "errors": [e.item() for e in self.errors]}}


class RuleFileError(EligibilityError):
    """A bundled rule file does not validate: the data, not the user, is wrong."""

    def __init__(self, path: str, message: str):
        self.path = path
        super().__init__(f"规则文件 {path} 有误：{message}")
