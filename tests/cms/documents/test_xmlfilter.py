"""The streaming XML rewriter writes back exactly what it keeps, and the Office rules it applies."""

import pytest

from cms.documents.limits import DocumentRejected
from cms.documents.office_rules import PartRules
from cms.documents.xmlfilter import DECLARATION, rewrite_xml

X = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


class KeepAll:
    def start(self, uri, local, attrs):
        return attrs

    def buffered(self, uri, local):
        return False


def rewrite(xml, rules=None, chunk=7):
    data = xml.encode()
    chunks = [data[at : at + chunk] for at in range(0, len(data), chunk)]  # splits inside tags too
    return b"".join(rewrite_xml(chunks, rules or KeepAll())).decode()


def test_rewrite_keeps_prefixes_declarations_escapes_and_self_closes_empty_elements():
    source = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!-- made by someone --><?app data?>'
        '<a:root xmlns:a="urn:a" xmlns="urn:d"><a:x v="1 &amp; &lt;2&gt; &quot;q&quot;&#10;line"/>'
        "<y>text &amp; more &lt;tag&gt;<![CDATA[<raw>]]></y><!-- inside --><z></z></a:root>"
    )
    assert rewrite(source) == DECLARATION + (
        '<a:root xmlns:a="urn:a" xmlns="urn:d"><a:x v="1 &amp; &lt;2&gt; &quot;q&quot;&#10;line"/>'
        "<y>text &amp; more &lt;tag&gt;&lt;raw&gt;</y><z/></a:root>"
    )


def test_rewrite_refuses_a_doctype_and_broken_xml():
    for source in ('<!DOCTYPE x [<!ENTITY e "e">]><x>&e;</x>', "<x><y></x>"):
        with pytest.raises(DocumentRejected) as refused:
            rewrite(source)
        assert refused.value.code == "corrupt"


def sheet(cells):
    return f'<worksheet xmlns="{X}" xmlns:r="{R}"><sheetData><row r="1">{cells}</row></sheetData></worksheet>'


def test_formulas_into_another_workbook_are_dropped_with_their_shared_copies_values_stay():
    source = sheet(
        '<c r="A1"><f t="shared" ref="A1:A2" si="0">[2]Sheet1!B1</f><v>5</v></c>'
        '<c r="A2"><f t="shared" si="0"/><v>6</v></c>'
        '<c r="A3"><f>Table1[[#This Row],[1]]</f><v>7</v></c>'
        "<c r=\"A4\"><f>'[1]年度 预算'!C3+1</f><v>8</v></c>"
    )
    assert rewrite(source, PartRules(set())) == DECLARATION + sheet(
        '<c r="A1"><v>5</v></c><c r="A2"><v>6</v></c>'
        '<c r="A3"><f>Table1[[#This Row],[1]]</f><v>7</v></c><c r="A4"><v>8</v></c>'
    )


def test_references_to_dropped_relationships_go_with_their_element_or_alone():
    source = sheet("<c/>").replace(
        "</worksheet>",
        '<hyperlinks><hyperlink ref="A1" r:id="rIdGone"/><hyperlink ref="A2" r:id="rIdKept"/></hyperlinks>'
        '<legacyDrawing r:id="rIdGone"/><drawing r:id="rIdKept"/></worksheet>',
    )
    assert rewrite(source, PartRules({"rIdKept"})) == DECLARATION + sheet("<c/>").replace(
        "</worksheet>",
        '<hyperlinks><hyperlink ref="A1"/><hyperlink ref="A2" r:id="rIdKept"/></hyperlinks>'
        '<drawing r:id="rIdKept"/></worksheet>',
    )


def test_local_file_paths_are_blanked_wherever_they_appear_in_attributes():
    source = f'<x xmlns="{X}" a="C:\\Users\\张三\\a.png" b="\\\\server\\share" c="file:///tmp/x" d="http://ok/"/>'
    assert rewrite(source, PartRules(set())) == DECLARATION + f'<x xmlns="{X}" a="" b="" c="" d="http://ok/"/>'
