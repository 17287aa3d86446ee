"""The results export of a contest with a divisional round: one sheet per division with only that
division's rows, the division's advanced entries marked."""

import openpyxl
import pytest
import time_machine

from contests.services.division_rounds.advancement import confirm_division_advancement
from contests.services.exports import ExportContext, build_workbook
from contests.services.judging.results import compute_round_results
from tests.contests.factories.judging import assign, organiser, submitted_score

pytestmark = pytest.mark.django_db


@time_machine.travel("2026-06-01 10:00 +08:00", tick=False)
def test_results_export_has_a_sheet_per_division(tmp_path, provincial):
    for slug, factors in (("jinan", [0.9, 0.7, 0.8, 0.6]), ("qingdao", [0.5, 0.95])):
        for entry, factor in zip(provincial.entries[slug], factors, strict=True):
            submitted_score(
                assign(provincial.first, entry, provincial.judges[slug][0]), [v * factor for v in (25, 25, 20, 20, 10)]
            )
    compute_round_results(provincial.first)
    confirm_division_advancement(provincial.first, provincial.qingdao, actor=organiser())
    path = tmp_path / "results.xlsx"
    build_workbook(ExportContext.build(provincial.contest), "results", path)
    wb = openpyxl.load_workbook(path)
    assert [title for title in wb.sheetnames if title.startswith("成绩-")] == [
        "成绩-第1轮·初赛",
        "成绩-济南分赛区-第1轮·初赛",
        "成绩-青岛分赛区-第1轮·初赛",
        "成绩-第2轮·初赛",
    ]
    qingdao = wb["成绩-青岛分赛区-第1轮·初赛"]
    titles = [row[3] for row in qingdao.iter_rows(min_row=2, values_only=True)]
    assert sorted(titles) == sorted(e.title for e in provincial.entries["qingdao"])
    advanced = {row[3]: row[-3] for row in qingdao.iter_rows(min_row=2, values_only=True)}
    assert advanced == {provincial.entries["qingdao"][1].title: "是", provincial.entries["qingdao"][0].title: None}
    assert wb["成绩-济南分赛区-第1轮·初赛"].max_row == 5  # header and four 济南 entries
