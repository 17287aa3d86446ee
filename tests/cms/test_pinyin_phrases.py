"""cms/pinyin_phrases.py: pypinyin with only the phrases that change a reading reads every phrase
of its full dictionary, and the site's own texts, exactly as the full dictionary does.

Each side runs in a fresh process: pypinyin reads its settings once, when first imported.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEXTS = [
    "重庆银行",
    "人行道",
    "智慧养老服务平台",
    "不动产登记与水电气过户联办",
    "济南市长清区",
    "学籍信息（省教育厅）",
    "一网通办",
    "长者助餐",
    "银行业务",
]

READ = """
import json, sys
sys.path.insert(0, {root!r})
if {reduced}:
    from cms.pinyin_phrases import pypinyin
    module = pypinyin()
else:
    import pypinyin as module
from pypinyin.constants import PHRASES_DICT
from pypinyin.phrases_dict import phrases_dict
texts = sorted(phrases_dict) + {texts!r}
read = [module.lazy_pinyin(t, style=module.Style.NORMAL, errors=lambda chars: list(chars)) for t in texts]
print(json.dumps({{"phrases": len(PHRASES_DICT), "read": read}}))
"""


def _read(reduced):
    code = READ.format(root=str(ROOT), reduced=reduced, texts=TEXTS)
    # Without the settings cms.pinyin_phrases puts in this process's environment when an earlier
    # test loaded it: the full side must read pypinyin's full dictionary.
    env = {name: value for name, value in os.environ.items() if not name.startswith("PYPINYIN_")}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True, text=True, env=env)
    return json.loads(result.stdout)


def test_the_reduced_dictionary_reads_every_phrase_and_title_as_the_full_one():
    full, reduced = _read(reduced=False), _read(reduced=True)
    assert reduced["read"] == full["read"]
    assert reduced["read"][-len(TEXTS) :][:2] == [["chong", "qing", "yin", "hang"], ["ren", "xing", "dao"]]
    # ...with a tenth of the phrases in memory.
    assert reduced["phrases"] < full["phrases"] / 10
