"""python manage.py import_judges <slug> F.xlsx [--only-valid] [--dry-run]

Checks every row first and prints a row-by-row report; writes nothing if any row is invalid
(unless --only-valid). Re-importing the same file changes nothing.
"""

from contests.management.commands.import_teams import ImportCommand
from contests.services.imports import import_judges


class Command(ImportCommand):
    help = "从 Excel 导入评委（按电子邮箱新增或更新；先检查全部行，有错误时不写入）。"
    importer = staticmethod(import_judges)
    what = "评委"
