"""Demo entry form questions (load_demo, order 88; idempotent): the 2026 contest asks 乡村振兴 entries
how they use the data (a choice, with a conditional follow-up), 数字社会 entries for their pilot
unit (a word limit), every entry for an online demo address, and finalists of the final round for
their 路演PPT. A few entries of each track have answered. A second run adds nothing."""

QUESTIONS = [
    # (key, label, kind, track slug or None, round number or None, extra attributes)
    ("data_usage", "数据使用方式", "choice", "xiangcun", None,
     {"required": True, "choices": "数据接口实时调用\n批量脱敏数据\n沙箱内分析", "sort_order": 1,
      "help_text": "作品主要以何种方式使用共享数据。"}),
    ("sandbox_reason", "选择沙箱的原因", "long_text", "xiangcun", None,
     {"condition_key": "data_usage", "condition_value": "沙箱内分析", "word_limit": 200, "sort_order": 2}),
    ("pilot_unit", "试点单位", "text", "shuzi-shehui", None,
     {"word_limit": 30, "sort_order": 1, "help_text": "已开展或拟开展试点的单位（评审时会隐去团队自身名称）。"}),
    ("demo_url", "在线演示地址", "url", None, None,
     {"sort_order": 10, "help_text": "可选。评委可访问的演示网址，须以 http:// 或 https:// 开头。"}),
    ("roadshow_ppt", "路演PPT", "file", None, 2,
     {"required": True, "show_to_judges": True, "help_text": "晋级决赛后上传，决赛评审开始前截止（PDF）。"}),
]  # fmt: skip
ANSWERS = {
    "xiangcun": [
        {"data_usage": "数据接口实时调用", "demo_url": "https://demo.shuyong.example/xiangcun/1"},
        {
            "data_usage": "沙箱内分析",
            "sandbox_reason": "救助数据涉及个人隐私，只在沙箱内做统计分析，结果经审核后导出。",
        },
    ],
    "shuzi-shehui": [
        {"pilot_unit": "济南市历下区政务服务中心", "demo_url": "https://demo.shuyong.example/yijianshi"},
        {"pilot_unit": "青岛市市南区婚姻登记处"},
    ],
}


def load_entry_forms(command, options):
    from contests.demo.contest import CONTEST_SLUG
    from contests.models import Contest, Entry, EntryFormField

    contest = Contest.objects.filter(slug=CONTEST_SLUG).first()
    if contest is None:
        return []
    tracks = {track.slug: track for track in contest.tracks.all()}
    rounds = {round_.number: round_ for round_ in contest.rounds.all()}
    created = 0
    for key, label, kind, track_slug, round_number, attributes in QUESTIONS:
        if (track_slug and track_slug not in tracks) or (round_number and round_number not in rounds):
            continue
        _field, was_created = EntryFormField.objects.get_or_create(
            contest=contest,
            key=key,
            defaults={
                "label": label,
                "kind": kind,
                "track": tracks.get(track_slug),
                "round": rounds.get(round_number),
                **attributes,
            },
        )
        created += was_created
    for track_slug, answers in ANSWERS.items():
        if track_slug not in tracks:
            continue
        entries = Entry.objects.filter(contest=contest, track=tracks[track_slug]).order_by("pk")[: len(answers)]
        for entry, answer in zip(entries, answers, strict=False):
            if not entry.extra:
                Entry.objects.filter(pk=entry.pk).update(extra=answer)
    if command is not None and created:
        command.stdout.write(f"作品表单：新建 {created} 个补充字段（组织者在“大赛 › 作品表单字段”中配置）。")
    return []
