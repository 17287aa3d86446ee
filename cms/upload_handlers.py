"""An upload handler that enforces a size limit while the request body streams in.

Installed per view, before the body is read (see ``contests.portal.views.files.file_upload`` and
``contests.units.views.offers.file_upload``): Django's default handlers would first write the whole
body to a temporary file and only then let a form notice it is too large. This one stops reading as
soon as the limit is passed, hashes the file as it arrives (SHA-256) and remembers why it stopped, so
that the view can say so in words.
"""

import hashlib

from django.core.files.uploadedfile import TemporaryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http.multipartparser import MultiPartParser
from django.utils.translation import gettext as _

FILE_FIELD = "file"


class _NameCheckingParser(MultiPartParser):
    """Django's parser, noting every file name that its sanitising had to change.

    Django keeps only the last path component of a name ("../../x.pdf" → "x.pdf"). Browsers send
    bare names, so a name with a path in it was crafted: it is refused, not quietly repaired.
    """

    def __init__(self, *args, on_suspicious_name, **kwargs):
        super().__init__(*args, **kwargs)
        self._on_suspicious_name = on_suspicious_name

    def sanitize_file_name(self, file_name):
        cleaned = super().sanitize_file_name(file_name)
        if cleaned != file_name:
            self._on_suspicious_name(file_name)
        return cleaned


class LimitedHashingUploadHandler(FileUploadHandler):
    """Accepts one file in the ``file`` field, up to ``max_bytes``; sets ``error`` when it refuses.

    The file goes to a temporary file (deleted when closed) and carries ``.sha256``.
    """

    def __init__(self, request=None, *, max_bytes, too_large_message):
        super().__init__(request)
        self.max_bytes = max_bytes
        self.too_large_message = too_large_message
        self.error = None
        self.received = 0
        self._parsing = False
        self._files_seen = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if self._parsing:
            return None  # called again by the parser started below: let it parse
        self._parsing = True
        parser = _NameCheckingParser(META, input_data, [self], encoding, on_suspicious_name=self._suspicious_name)
        return parser.parse()

    def _suspicious_name(self, file_name):
        self.error = _("文件名不能包含路径（/、\\ 或 ..）或不可见字符，未保存。")

    def new_file(self, field_name, file_name, *args, **kwargs):
        super().new_file(field_name, file_name, *args, **kwargs)
        self._files_seen += 1
        if field_name != FILE_FIELD or self._files_seen > 1:
            self.error = self.error or _("一次只能上传一个文件。")
        if self.error:
            # The whole request is refused: stop reading and drop what was received.
            raise StopUpload(connection_reset=True)
        self.digest = hashlib.sha256()
        self.file = TemporaryUploadedFile(self.file_name, self.content_type, 0, self.charset, self.content_type_extra)

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.max_bytes:
            self.error = self.too_large_message
            # connection_reset: the parser stops here and does not read the rest of the body.
            raise StopUpload(connection_reset=True)
        self.digest.update(raw_data)
        self.file.write(raw_data)
        return None

    def file_complete(self, file_size):
        self.file.seek(0)
        self.file.size = file_size
        self.file.sha256 = self.digest.hexdigest()
        return self.file

    def upload_interrupted(self):
        if hasattr(self, "file"):
            self.file.close()  # a NamedTemporaryFile: closing deletes it
