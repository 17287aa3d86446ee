"""Decompression bombs are refused while streaming, with memory bounded whatever a file claims.

The bombs are ~1-2 MB files that expand past 1 GiB (deflated zeros or spaces, built block by block
without ever holding the expansion). Before ``cms.documents``, such a DOCX passed the upload check
(it summed the declared sizes) and cleaning it read every member whole; a ZIP that under-declares
its sizes in both headers passed because only the declarations were summed.
"""

import io
import os
import random
import subprocess
import sys
import tempfile
import tracemalloc
import zipfile
import zlib

import pytest

from cms.documents.archives import validate_zip
from cms.documents.kinds import DOCX, ZIP
from cms.documents.limits import DocumentRejected, Limits
from tests.cms.documents.conftest import cleaned
from tests.cms.documents.hostile import zip_bytes
from tests.cms.documents.hostile_zip import MiB, deflated, docx_bomb, raw_zip, zero_bomb
from tests.services import REPO_DIR

GiB = 1024 * MiB
# The brief's ceiling for the whole process; Python's own allocations stay far below it.
RSS_CEILING = 300 * MiB
PYTHON_PEAK_CEILING = 32 * MiB
BOMB_MESSAGE = "解压后过大，可能是“压缩炸弹”。"


@pytest.fixture(scope="module")
def docx_1gib():
    return docx_bomb(gib=1)


@pytest.fixture(scope="module")
def zip_under_declared():
    """2 GiB of zeros in one member that both headers say is 1 KiB."""
    return zero_bomb(gib=2, declared=1024)


def _refused_with_peak(action):
    tracemalloc.start()
    try:
        with pytest.raises(DocumentRejected) as refused:
            action()
        return refused.value, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_the_bombs_are_small_files_that_expand_past_a_gibibyte(docx_1gib, zip_under_declared):
    assert len(docx_1gib) < 1.1 * MiB
    with zipfile.ZipFile(io.BytesIO(docx_1gib)) as archive:
        assert archive.getinfo("word/document.xml").file_size > GiB
    assert len(zip_under_declared) < 2.1 * MiB
    with zipfile.ZipFile(io.BytesIO(zip_under_declared)) as archive:
        assert [info.file_size for info in archive.infolist()] == [1024]  # all a header-trusting check sees


@pytest.mark.parametrize("check", ["validate", "clean"])
def test_docx_bomb_is_refused_with_bounded_memory(docx_1gib, check):
    action = {
        "validate": lambda: validate_zip(io.BytesIO(docx_1gib)),
        "clean": lambda: cleaned(docx_1gib, DOCX),
    }[check]
    refused, peak = _refused_with_peak(action)
    assert (refused.code, str(refused)) == ("bomb", BOMB_MESSAGE)
    assert peak < PYTHON_PEAK_CEILING


@pytest.mark.parametrize("check", ["validate", "clean"])
def test_zip_under_declaring_its_sizes_is_refused_with_bounded_memory(zip_under_declared, check):
    action = {
        "validate": lambda: validate_zip(io.BytesIO(zip_under_declared)),
        "clean": lambda: cleaned(zip_under_declared, ZIP),
    }[check]
    refused, peak = _refused_with_peak(action)
    assert (refused.code, str(refused)) == ("bomb", BOMB_MESSAGE)
    assert peak < PYTHON_PEAK_CEILING


# The child reports its peak resident size as VmHWM: ru_maxrss would also count the pytest process
# it was forked from (Linux carries the high-water mark across exec), VmHWM is the new program's own.
CHILD = """
import re, sys, tempfile
from django.conf import settings
settings.configure(USE_I18N=False)
from cms.documents.archives import validate_zip
from cms.documents.clean import clean
from cms.documents.limits import DocumentRejected
codes = []
for run in (validate_zip, lambda src: clean(src, tempfile.TemporaryFile(), sys.argv[2])):
    with open(sys.argv[1], "rb") as src:
        try:
            run(src)
        except DocumentRejected as exc:
            codes.append(exc.code)
with open("/proc/self/status") as status:
    peak_kib = int(re.search(r"VmHWM:\\s+(\\d+) kB", status.read())[1])
print(peak_kib * 1024, *codes)
"""


@pytest.mark.parametrize("bomb", ["docx", "under-declared zip"])
def test_bombs_are_refused_in_a_process_that_stays_small(docx_1gib, zip_under_declared, bomb):
    data, content_type = {"docx": (docx_1gib, DOCX), "under-declared zip": (zip_under_declared, ZIP)}[bomb]
    with tempfile.NamedTemporaryFile(suffix=".bin") as upload:
        upload.write(data)
        upload.flush()
        env = {**os.environ, "PYTHONPATH": str(REPO_DIR)}
        run = subprocess.run(
            [sys.executable, "-c", CHILD, upload.name, content_type],
            capture_output=True, text=True, cwd=REPO_DIR, env=env, timeout=60, check=True,
        )  # fmt: skip
    peak, *codes = run.stdout.split()
    assert codes == ["bomb", "bomb"]
    assert int(peak) < RSS_CEILING


def test_a_member_larger_than_declared_is_refused_even_when_small():
    data, size = deflated(b"", bytes(MiB), 0, b"x" * 64 * 1024)
    # The CRC of the first KiB: a reader that stops at the declared size finds nothing wrong.
    archive = raw_zip([("note.txt", zipfile.ZIP_DEFLATED, data, 1024, 0, zlib.crc32(b"x" * 1024))])
    with zipfile.ZipFile(io.BytesIO(archive)) as naive:
        assert naive.read("note.txt") == b"x" * 1024
    for check in (lambda: validate_zip(io.BytesIO(archive)), lambda: cleaned(archive, ZIP)):
        with pytest.raises(DocumentRejected) as refused:
            check()
        assert refused.value.code == "bomb"
    assert size == 64 * 1024


def test_a_member_smaller_than_declared_is_refused_as_corrupt():
    data, _size = deflated(b"", bytes(MiB), 0, b"x" * 1024)
    with pytest.raises(DocumentRejected) as refused:
        validate_zip(io.BytesIO(raw_zip([("note.txt", zipfile.ZIP_DEFLATED, data, 4096)])))
    assert refused.value.code == "corrupt"


def test_expansion_is_capped_per_uploaded_file_across_members_and_depths():
    noise = random.Random(7).randbytes  # incompressible: no ratio alarm, only the total counts
    flat = zip_bytes({"a.bin": noise(600 * 1024), "b.bin": noise(600 * 1024)})
    nested = zip_bytes({"a.bin": noise(600 * 1024), "inner.zip": zip_bytes({"b.bin": noise(600 * 1024)})})
    limits = Limits(max_expanded_bytes=MiB)
    assert len(validate_zip(io.BytesIO(flat), Limits(max_expanded_bytes=2 * MiB))) == 2
    for data in (flat, nested):
        with pytest.raises(DocumentRejected) as refused:
            validate_zip(io.BytesIO(data), limits)
        assert refused.value.code == "bomb"


def test_a_member_compressed_beyond_the_ratio_is_refused_once_past_the_floor():
    limits = Limits(ratio_floor=256 * 1024, max_ratio=100)
    zeros = zip_bytes({"zeros.bin": bytes(MiB)})  # ~1000:1
    noise = zip_bytes({"noise.bin": random.Random(3).randbytes(MiB)})
    assert len(validate_zip(io.BytesIO(noise), limits)) == 1
    assert len(validate_zip(io.BytesIO(zip_bytes({"small.bin": bytes(200 * 1024)})), limits)) == 1
    with pytest.raises(DocumentRejected) as refused:
        validate_zip(io.BytesIO(zeros), limits)
    assert refused.value.code == "bomb"


def test_a_central_directory_larger_than_the_limit_is_refused_before_it_is_read():
    data = zip_bytes({f"{number:04d}.txt": "" for number in range(60)})
    assert len(validate_zip(io.BytesIO(data), Limits(max_directory_bytes=64 * 1024))) == 60
    with pytest.raises(DocumentRejected) as refused:
        validate_zip(io.BytesIO(data), Limits(max_directory_bytes=1024))
    assert (refused.value.code, str(refused.value)) == ("bomb", "压缩文件的目录过大，可能是“压缩炸弹”。")


def test_a_member_whose_crc_does_not_match_is_refused_as_corrupt():
    archive = raw_zip([("note.txt", zipfile.ZIP_STORED, b"hello", 5, 0, zlib.crc32(b"world"))])
    with pytest.raises(DocumentRejected) as refused:
        validate_zip(io.BytesIO(archive))
    assert refused.value.code == "corrupt"
