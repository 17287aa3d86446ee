"""The round's ranking settings as organisers see them: the tie-break chain as an ordered list of
named rules (stored as before, e.g. ``trimmed_mean,total,criteria``) and the automatic extra judge."""

from django import forms
from django.utils.translation import gettext_lazy as _

from contests.models.results import TieBreak, parse_tie_break_chain

STEPS = len(TieBreak.values)  # enough places for every rule once


class RankingSettingsForm(forms.Form):
    """One select per place of the chain ("第 1 项", "第 2 项"…); blank places are skipped, so the
    stored value and any chain saved before stay valid."""

    extra_judge_on_disagreement = forms.BooleanField(
        label=_("分歧时自动追加评委"),
        required=False,
        help_text=_("计算结果时，为评分分歧超过阈值的作品追加一名评委"),
    )

    def __init__(self, *args, round_, **kwargs):
        self.round = round_
        chain = parse_tie_break_chain(round_.tie_break_chain)
        initial = {f"tie_break_{i}": key for i, key in enumerate(chain, start=1)}
        initial["extra_judge_on_disagreement"] = round_.extra_judge_on_disagreement
        super().__init__(*args, initial=initial, **kwargs)
        steps = {
            f"tie_break_{i}": forms.ChoiceField(
                label=_("并列时第 %(n)d 项比较") % {"n": i},
                choices=[("", _("（不再比较）")), *TieBreak.choices],
                required=False,
                help_text=_("排名得分相同的作品依次按这些项目比较，较高者排前；与本轮排名方法相同的项目自动跳过。")
                if i == 1
                else "",
            )
            for i in range(1, STEPS + 1)
        }
        self.fields = {**steps, **self.fields}

    def chain(self):
        return [
            self.cleaned_data[f"tie_break_{i}"] for i in range(1, STEPS + 1) if self.cleaned_data.get(f"tie_break_{i}")
        ]

    def clean(self):
        data = super().clean()
        keys = self.chain()
        repeated = {key for key in keys if keys.count(key) > 1}
        if repeated:
            names = "、".join(str(TieBreak(key).label) for key in TieBreak.values if key in repeated)
            raise forms.ValidationError(_("并列比较项目不能重复：%(names)s。") % {"names": names})
        return data

    def save(self):
        self.round.tie_break_chain = ",".join(self.chain())
        self.round.extra_judge_on_disagreement = self.cleaned_data["extra_judge_on_disagreement"]
        self.round.save(update_fields=["tie_break_chain", "extra_judge_on_disagreement"])
        return self.round
