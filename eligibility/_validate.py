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


def _alias_map(model: type[BaseModel]) -> dict[str, str]:
    """Chinese names (declared aliases and the field's title) → field name, in simplified characters."""
    out: dict[str, str] = {}
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        declared = extra.get("aliases")
        for alias in [*(declared if isinstance(declared, list) else []), info.title]:
            if isinstance(alias, str) and alias:
                out.setdefault(simplified(alias), name)
    return out


def _submodel(info: object) -> type[BaseModel] | None:
    ann = getattr(info, "annotation", None)
    subs = [a for a in (typing.get_args(ann) or (ann,)) if isinstance(a, type) and issubclass(a, BaseModel)]
    return subs[0] if subs else None


def normalise(model: type[BaseModel], data: dict, prefix: str = "") -> tuple[dict, list[InputError]]:
    """Rename Chinese field names to the model's own (recursively into nested models).

    A name given twice (as 等级 and as capability_grade) is an error; an unknown name is left for
    the model to reject with the closest valid name.
    """
    aliases = _alias_map(model)
    out: dict = {}
    problems: list[InputError] = []
    for key, value in data.items():
        name = key if not isinstance(key, str) or key in model.model_fields else aliases.get(simplified(key), key)
        where = f"{prefix}.{name}" if prefix else str(name)
        if name in out and value is None:
            continue                     # null is "not given": the other spelling's value stands
        if name in out and out[name] is not None:
            problems.append(InputError(where, f"字段重复：“{key}”与“{name}”是同一个字段，只能写一次"))
            continue
        sub = _submodel(model.model_fields.get(name)) if isinstance(name, str) else None
        if sub is not None and isinstance(value, dict):
            value, more = normalise(sub, value, where)
            problems += more
        out[name] = value
    return out, problems


def check_model(model: type[BaseModel], data: object, prefix: str = ""):
    """(validated model or None, every problem as an `InputError`): aliases first, then the model."""
    if not isinstance(data, dict):
        return None, [InputError(prefix or "(顶层)", f"应是键值映射，实际是 {_type_name(data)}")]
    data, problems = normalise(model, data, prefix)
    try:
        return model.model_validate(data), problems
    except ValidationError as e:
        return None, problems + [_one(model, prefix, err) for err in e.errors(include_url=False)]


def validate(model: type[BaseModel], data: object, prefix: str = ""):
    """`model.model_validate(data)` after the alias renaming; every problem in one `InputError`."""
    result, problems = check_model(model, data, prefix)
    if problems:
        raise InputError.of(problems)
    return result


def _type_name(v: object) -> str:
    return {list: "列表", str: "文字", int: "整数", float: "数字", bool: "是/否", type(None): "空值"}.get(
        type(v), type(v).__name__)


def _one(model: type[BaseModel], prefix: str, err: typing.Mapping) -> InputError:
    loc, kind, value = tuple(err["loc"]), err["type"], err.get("input")
    field = _path(prefix, loc)
    if kind == "extra_forbidden":
        parent = _model_at(model, loc[:-1]) or model
        names = list(parent.model_fields)
        return InputError(field, f"未知字段“{loc[-1]}”", valid=names, closest=closest(str(loc[-1]), names))
    ctx = err.get("ctx") or {}
    if kind == "literal_error":
        valid = [v.strip(" '") for v in str(ctx.get("expected", "")).replace(" or ", ",").split(",")]
        return InputError(field, f"取值“{value}”无效", valid=[v for v in valid if v],
                          closest=closest(str(value), valid))
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        ge, le = _bounds(model, loc)
        return InputError(field, f"取值 {value} 超出范围，应为 {_range_text(ge, le)}")
    if kind in ("yes_no", "bool_not_number", "not_a_number", "not_finite", "absurd", "not_whole"):
        return InputError(field, f"取值“{value}”无效：{err['msg']}")
    return InputError(field, f"取值“{value}”无效（{_kind_text(kind, err['msg'])}）")


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
