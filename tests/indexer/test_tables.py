from corpus_fixtures import clean

from indexer._tables import Table, segment


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
