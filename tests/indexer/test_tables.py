import pytest
from corpus_fixtures import clean

from indexer._tables import VERBATIM, Table, segment


def _tables(year: str) -> list[Table]:
    return [b for b in segment(clean(year)) if isinstance(b, Table)]


def _row(table: Table, key: str) -> dict[str, str]:
    for r in table.rows:
        if key in r:
            return dict(table.row_fields(r))
    raise AssertionError(f"{key} not in {table.title}")


def test_exported_cells_rejoin_into_rows_under_their_headers():
    county = next(t for t in _tables("2018") if "涉县部分" in t.title)
    assert county.title == "市科协2018年服务创新发展重点任务分解表（涉县部分）"
    row = _row(county, "东台市科协")
    assert row["新成立高新技术企业科协数"] == "25"
    assert row["创新创业培训人数"] == "120"


def test_header_cell_wrapped_across_a_blank_line_is_one_header():
    projects = next(t for t in _tables("2022") if "项目设置" in t.title)
    assert projects.headers == ["序号", "项目类别", "子项目", "项目数量（上限）"]


def test_merged_leading_cells_take_the_value_from_the_row_above():
    projects = next(t for t in _tables("2022") if "项目设置" in t.title)
    row = _row(projects, "一流科普学会")
    assert row["项目类别"] == "学会建设"
    assert "一流平台学会建设" in row["子项目"]


def test_two_header_rows_merge_into_spanning_headers():
    societies = next(t for t in _tables("2018") if "市级学会" in t.title)
    assert societies.headers[-3:] == [
        "举办重点学术活动数·小型学术活动",
        "举办重点学术活动数·中型学术活动",
        "举办重点学术活动数·大型综合学术活动",
    ]
    assert _row(societies, "市气象学会")["举办重点学术活动数·小型学术活动"] == "2"


def test_total_row_is_not_filled_from_the_row_above():
    societies = next(t for t in _tables("2018") if "市级学会" in t.title)
    total = next(r for r in societies.rows if "小  计" in r)
    assert total[0] == ""


def test_guideline_typeset_as_a_table_is_flattened_back_into_clause_lines():
    blocks = segment(clean("2023"))
    assert not [b for b in blocks if isinstance(b, Table)]
    lines = [b for b in blocks if isinstance(b, str)]
    assert "1.强化政治引领" in lines and "6服务广大会员" in lines
    assert any(ln.startswith("承诺书 我学会经认真研究") for ln in lines)


# -- merged cells and total rows, on built tables (no corpus) --------------------------------------

def _table_text(rows: list[list[str]]) -> str:
    """Cells as the exporter writes them: tab-led lines, a blank line between rows."""
    return "标题行\n\n" + "\n\n".join("\n".join("\t" + c for c in r) for r in rows) + "\n\n正文继续。"


def _built(rows: list[list[str]]) -> Table:
    return next(b for b in segment(_table_text(rows)) if isinstance(b, Table))


QUOTA = [
    ["序号", "类别", "子项目", "数量"],
    ["1", "学会建设", "甲项目", "10"],
    ["", "", "乙项目", "40"],
    ["", "", "丙项目", ""],
    ["", "", "丁项目", ""],
    ["", "", "戊项目", "15"],
    ["合计", "65"],
]


def test_a_cell_merged_over_rows_reaches_every_row_and_says_it_is_shared():
    t = _built(QUOTA)
    values = {t.row_name(r): dict(t.row_fields(r))["数量"] for r in t.rows[:-1]}
    assert values["乙项目"] == "40（与丙项目、丁项目共用）"
    assert values["丙项目"] == "40（与乙项目、丁项目共用）"
    assert values["丁项目"] == "40（与乙项目、丙项目共用）"
    assert values["甲项目"] == "10" and values["戊项目"] == "15"  # own values: not shared


def test_blank_cells_of_rows_with_their_own_key_stay_blank():
    t = _built([["序号", "学会", "项目数", "活动数"], ["1", "甲学会", "2", "1"], ["2", "乙学会", "", "2"], ["3", "丙学会", "", ""]])
    assert [r[2:] for r in t.rows] == [["2", "1"], ["", "2"], ["", ""]]


def test_a_short_total_row_sits_under_the_name_and_last_columns():
    t = _built(QUOTA)
    assert t.filled_fields(t.rows[-1]) == [("类别", "合计"), ("数量", "65")]
    assert t.row_name(t.rows[-1]) == "合计"


def test_total_rows_take_nothing_from_the_row_above():
    t = _built([["序号", "单位", "人数"], ["1", "甲", "5"], ["", "小  计", "5"], ["2", "乙", "6"]])
    assert t.rows[1] == ["", "小  计", "5"]


def test_rows_are_named_by_their_most_specific_short_cell():
    t = _built([
        ["类别", "名称", "内容", "标准"],
        ["学会服务", "企会协作", "组织专家为基层基地、实体经济开展专项协作，" * 2, "1000"],
        ["", "科技服务站", "建设专家服务站点，" * 4, "3000"],
    ])
    assert [t.row_name(r) for r in t.rows] == ["企会协作", "科技服务站"]  # not the long 内容 cell


def test_a_spanning_cell_names_the_row_by_its_sub_cell():
    t = _built([
        ["序号", "类别", "子项目", "数量"],
        ["1", "学会建设", "一流平台", "甲平台", "40"],
        ["", "", "", "乙平台", ""],
    ])
    assert [t.row_name(r) for r in t.rows] == ["甲平台", "乙平台"]
    assert dict(t.row_fields(t.rows[1]))["子项目"] == "一流平台 乙平台"


def test_real_2022_quota_table_shares_40_50_and_20_and_totals_277():
    projects = next(t for t in _tables("2022") if "项目设置" in t.title)
    shared = {t: dict(projects.row_fields(r))["项目数量（上限）"] for r in projects.rows if (t := projects.row_name(r))}
    for name in ("一流学术学会", "一流科普学会", "一流科技服务学会"):
        assert shared[name].startswith("40（与") and shared[name].endswith("共用）")
    for name in ("标准制定", "科技评估", "科技奖励", "决策咨询"):
        assert shared[name].startswith("50（与")
    for name in ("助力乡村产业发展", "助力美丽乡村建设"):
        assert shared[name].startswith("20（与")
    assert shared["会员之家建设"] == "15"
    assert projects.filled_fields(projects.rows[-1]) == [("项目类别", "合计"), ("项目数量（上限）", "277")]


def test_a_continued_row_of_another_shape_takes_no_cell_from_above():
    t = _built([
        ["序号", "类别", "子项目", "数量"],
        ["1", "学会建设", "一流平台", "甲平台", "40"],
        ["", "", "乙项目", ""],
    ])
    assert "数量" not in dict(t.filled_fields(t.rows[1]))


# -- each row's own words as the document has them, for reviewers --------------------------------

def _passages(t: Table) -> dict[str, str]:
    return {t.row_name(r): t.row_text(r, v) for r, v in zip(t.rows, t.verbatim, strict=True)}


def test_each_row_keeps_its_cells_as_the_document_has_them():
    t = _built(QUOTA)
    assert len(t.verbatim) == len(t.rows)
    texts = _passages(t)
    # The reading carries 学会建设 down from the first row; the document's row has only its own cells.
    assert texts["甲项目"].endswith(VERBATIM + "1 学会建设 甲项目 10")
    assert texts["戊项目"].endswith(VERBATIM + "戊项目 15")
    assert "类别：学会建设" in texts["戊项目"].partition(VERBATIM)[0]
    assert texts["合计"].endswith(VERBATIM + "合计 65")


@pytest.mark.parametrize("name", ["乙项目", "丙项目", "丁项目"])
def test_rows_sharing_a_merged_cell_carry_the_whole_groups_rows(name):
    # "40" stands in 乙项目's row only: a reviewer checking 丁项目's "40（…共用）" needs the group.
    texts = _passages(_built(QUOTA))
    assert texts[name].partition(VERBATIM)[2] == "乙项目 40\n丙项目\n丁项目"


def test_a_row_without_verbatim_cells_is_its_reading_alone():
    t = _built(QUOTA)
    assert VERBATIM not in t.row_text(t.rows[0])
    assert t.row_text(t.rows[0], "x") == t.row_text(t.rows[0]) + VERBATIM + "x"


def test_the_answer_side_quotes_a_rows_reading_without_its_verbatim_cells():
    from kb._types import Passage

    t = _built(QUOTA)
    reading = t.row_text(t.rows[1])
    text = t.row_text(t.rows[1], t.verbatim[1])
    row = Passage(doc="d", title="", year=None, clause="一、 标题行 乙项目", text=text, score=1.0, kind="row")
    assert row.reading == reading
    # A clause's text is quoted whole, whatever it holds.
    clause = Passage(doc="d", title="", year=None, clause="一、", text=text, score=1.0, kind="clause")
    assert clause.reading == text


def test_row_parts_of_a_parsed_clause_carry_the_verbatim_cells():
    from indexer._clauses import parse

    t = _built(QUOTA)
    parts = {c.heading: c for r in parse(["一、项目类别", t]) for c in r.walk() if c.style == "row"}
    assert parts["丙项目"].full_text() == t.row_text(t.rows[2], "乙项目 40\n丙项目\n丁项目")


# -- a layout table keeps its column headers as one line ---------------------------------------------

LONG_CELL = "坚持党建强会，开展主题教育，" * 16  # over LAYOUT_CELL_CHARS: a layout table, not data


@pytest.mark.parametrize("headers", [["类别", "条目", "内容", "备注"], ["类别", "条目", "内容"]])
def test_a_layout_tables_header_row_stays_one_line(headers):
    # "那张表分哪几列": the headers are read as the document prints them, side by side.
    body = [["一、学会建设", "1.强化政治引领", LONG_CELL, "必选"][: len(headers)],
            ["", "2.完善治理", "健全章程，规范换届。", ""][: len(headers)]]
    blocks = segment(_table_text([headers, *body]))
    assert not [b for b in blocks if isinstance(b, Table)]
    lines = [b for b in blocks if isinstance(b, str)]
    assert " ".join(headers) in lines
    assert not set(headers) & set(lines)  # not one line a cell
    assert lines.index(" ".join(headers)) < lines.index("1.强化政治引领")  # above the body, as printed
