"""The one Content-Disposition builder (cms/http.py): what browsers and old clients save a download as."""

from cms.http import attachment


def test_attachment_of_a_chinese_name_keeps_it_exactly_in_filename_star():
    assert attachment("方案书.pdf") == (
        "attachment; filename=\"file.pdf\"; filename*=UTF-8''%E6%96%B9%E6%A1%88%E4%B9%A6.pdf"
    )


def test_attachment_keeps_the_ascii_part_of_a_mixed_name_in_the_fallback():
    assert attachment("2026年 Café 报名表.xlsx") == (
        'attachment; filename="2026_Cafe.xlsx"; '
        "filename*=UTF-8''2026%E5%B9%B4%20Caf%C3%A9%20%E6%8A%A5%E5%90%8D%E8%A1%A8.xlsx"
    )


def test_attachment_of_a_pure_ascii_name_is_the_name_twice():
    assert attachment("report-2026_v2.xlsx") == (
        "attachment; filename=\"report-2026_v2.xlsx\"; filename*=UTF-8''report-2026_v2.xlsx"
    )


def test_attachment_drops_line_breaks_and_never_lets_quotes_or_backslashes_into_the_fallback():
    header = attachment('报告 "终稿"\\\r\nSet-Cookie: x=1.pdf')
    assert header == (
        'attachment; filename="Set-Cookie__x_1.pdf"; '
        "filename*=UTF-8''%E6%8A%A5%E5%91%8A%20%22%E7%BB%88%E7%A8%BF%22%5CSet-Cookie%3A%20x%3D1.pdf"
    )
    assert "\r" not in header and "\n" not in header


def test_attachment_uses_the_given_fallback_cleaned_the_same_way():
    assert attachment("应用场景库-20260101-1200.csv", fallback="shuyong-20260101-1200.csv") == (
        'attachment; filename="shuyong-20260101-1200.csv"; '
        "filename*=UTF-8''%E5%BA%94%E7%94%A8%E5%9C%BA%E6%99%AF%E5%BA%93-20260101-1200.csv"
    )
    assert attachment("导出.xlsx", fallback='a"b.xlsx').startswith('attachment; filename="a_b.xlsx"; ')
