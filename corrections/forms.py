from django import forms

from corrections import challenge, services


class CorrectionForm(forms.Form):
    text = forms.CharField(
        label="哪里有误",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=services.MAX_TEXT,
        error_messages={"required": services.TEXT_REQUIRED, "max_length": services.TEXT_TOO_LONG},
    )
    contact = forms.EmailField(
        label="联系邮箱（选填，用于告知处理结果）",
        required=False,
        error_messages={"invalid": "请填写有效的电子邮箱地址，或留空。"},
    )
    answer = forms.CharField(
        label="验证问题", max_length=10, error_messages={"required": "请回答验证问题。"}
    )
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, item_key, **kwargs):
        super().__init__(*args, **kwargs)
        self.item_key = item_key

    def clean(self):
        data = super().clean()
        if "answer" in data and not challenge.passed(
            data.get("token", ""), data["answer"], self.item_key
        ):
            self.add_error("answer", "验证问题回答错误，请重新计算（题目已更换）。")
        return data
