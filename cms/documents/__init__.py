"""Documents made safe to hand to someone else: judges' blind copies of contest entry files.

Ground floor (imports nothing from ``scenes`` or ``contests``). The map:

* ``clean.clean(src, dst, content_type, limits)`` — the one entry point, by MIME type;
* ``pdf.clean_pdf``, ``office.clean_office`` (DOCX/XLSX/PPTX, rules in ``office_rules``),
  ``images.clean_image``, ``archives.clean_zip`` — one per kind, usable alone;
* ``archives.validate_zip(src, limits)`` — the upload-time check of a ZIP or Office file, by
  streaming: refuses bombs and everything cleaning would refuse, lists the files inside;
* ``text.extract_text`` and ``text.find_mentions`` — the visible text with its location, and where
  given names, e-mails, phone numbers … appear in it (self-identification in the content);
* ``limits`` — ``Limits`` (the caps, with their defaults), ``Budget`` (one file's running count) and
  ``DocumentRejected`` (``.code`` for programs, ``str()`` a Chinese message for people);
* ``zipread`` (reading archives by streaming and counting, writing clean ones), ``xmlfilter`` (the
  streaming XML rewriter), ``kinds`` (MIME types, recognising files by content).

Every function takes binary file objects, never whole byte strings: a member is decompressed in
chunks and written out as it comes, so memory stays bounded whatever the file claims or contains.
"""
