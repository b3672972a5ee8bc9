"""User input → validated models, every problem an `InputError` naming the field and the valid values."""
from __future__ import annotations

import difflib
import json
import typing
from functools import lru_cache
from pathlib import Path

import opencc
import yaml
from pydantic import BaseModel, ValidationError

from .errors import InputError


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """Traditional → simplified and outer spaces trimmed: names typed in either script are the same name."""
    return _t2s().convert(text.strip())


def closest(word: str, choices: typing.Iterable[str]) -> str | None:
    """The valid choice nearest to a misspelling (difflib), or None when nothing is close."""
    found = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.4)
    return found[0] if found else None


def load_input(path: str | Path) -> dict:
    """Read a YAML or JSON input file into a mapping; any problem is an `InputError` on `FILE`."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("FILE", f"找不到文件 {p}") from None
    except (OSError, UnicodeDecodeError) as e:
        raise InputError("FILE", f"无法读取文件 {p}：{e}") from None
    try:
        data = json.loads(text) if p.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as e:
        raise InputError("FILE", f"{p} 不是合法的 YAML/JSON：{e}") from None
    if not isinstance(data, dict):
        raise InputError("FILE", f"{p} 的顶层应是键值映射（如 society: …），实际是 {type(data).__name__}")
    return data


def _path(prefix: str, loc: tuple) -> str:
    out = prefix
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif not str(part).startswith(("function-", "constrained-")) and part not in ("int", "str", "bool"):
            out = f"{out}.{part}" if out else str(part)
    return out


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The nested model a location points into (for listing its valid field names)."""
    current: type[BaseModel] = model
    for part in loc:
        info = current.model_fields.get(str(part)) if isinstance(part, str) else None
        if info is None:
            continue
        ann = info.annotation
        sub = [a for a in (typing.get_args(ann) or (ann,)) if isinstance(a, type) and issubclass(a, BaseModel)]
        if not sub:
            return current
        current = sub[0]
    return current


def validate(model: type[BaseModel], data: object, prefix: str = ""):
    """`model.model_validate(data)`, with the first error turned into an `InputError`."""
    if not isinstance(data, dict):
        raise InputError(prefix or "(顶层)", f"应是键值映射，实际是 {type(data).__name__}")
    try:
        return model.model_validate(data)
    except ValidationError as e:
        err = e.errors(include_url=False)[0]
        loc, kind, value = tuple(err["loc"]), err["type"], err.get("input")
        field = _path(prefix, loc)
        if kind == "extra_forbidden":
            parent = _model_at(model, loc[:-1]) or model
            names = list(parent.model_fields)
            raise InputError(field, f"未知字段“{loc[-1]}”", valid=names, closest=closest(str(loc[-1]), names)) from None
        ctx = err.get("ctx") or {}
        if kind == "literal_error":
            valid = [v.strip(" '") for v in str(ctx.get("expected", "")).replace(" or ", ",").split(",")]
            raise InputError(field, f"取值“{value}”无效", valid=[v for v in valid if v],
                             closest=closest(value, valid)) from None
        if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
            ge, le = _bounds(model, loc)
            raise InputError(field, f"取值 {value} 超出范围，应为 {_range_text(ge, le)}") from None
        raise InputError(field, f"取值“{value}”无效（{_kind_text(kind, err['msg'])}）") from None


def _bounds(model: type[BaseModel], loc: tuple) -> tuple[object, object]:
    """The ge/le constraints declared on the field a location points at (list items included)."""
    parent = _model_at(model, tuple(p for p in loc[:-1] if isinstance(p, str))) or model
    name = next((p for p in reversed(loc) if isinstance(p, str) and p in parent.model_fields), None)
    ge = le = None
    if name is None:
        return ge, le
    for meta in _metadata(parent.model_fields[name].annotation) + list(parent.model_fields[name].metadata):
        ge = getattr(meta, "ge", None) if getattr(meta, "ge", None) is not None else ge
        le = getattr(meta, "le", None) if getattr(meta, "le", None) is not None else le
    return ge, le


def _metadata(ann: object) -> list:
    out = []
    for meta in getattr(ann, "__metadata__", ()):
        out += [meta, *getattr(meta, "metadata", ())]
    for arg in typing.get_args(ann):
        out += _metadata(arg)
    return out


def _range_text(ge: object, le: object) -> str:
    if ge is not None and le is not None:
        return f"{ge}–{le}"
    if ge is None and le is None:
        return "文件规定的范围"
    return f"≥ {ge}" if ge is not None else f"≤ {le}"


_KINDS = {
    "bool_parsing": "应为 true 或 false", "bool_type": "应为 true 或 false",
    "int_parsing": "应为整数", "int_type": "应为整数", "int_from_float": "应为整数",
    "float_parsing": "应为数字", "float_type": "应为数字",
    "string_type": "应为文字", "list_type": "应为列表", "dict_type": "应为键值映射",
    "missing": "缺少必填字段",
}


def _kind_text(kind: str, msg: str) -> str:
    return _KINDS.get(kind, msg)
