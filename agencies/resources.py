"""Agencies as a spreadsheet: a site admin sets up a city's dozens of agencies in one import."""

from import_export import fields, resources, widgets

from agencies.models import Agency
from lists.cells import safe_cell


class TagsWidget(widgets.Widget):
    """执法领域 as one cell: "市场监管、食品安全" (、 , ， ; or ； between tags)."""

    SEPARATORS = ("，", ",", "；", ";")

    def clean(self, value, row=None, **kwargs):
        text = str(value or "")
        for separator in self.SEPARATORS:
            text = text.replace(separator, "、")
        return [tag.strip() for tag in text.split("、") if tag.strip()]

    def render(self, value, obj=None, **kwargs):
        return "、".join(value or [])


class ChoiceLabelWidget(widgets.Widget):
    """A choice by its code (city) or its Chinese label (市)."""

    def __init__(self, choices, **kwargs):
        self.by_label = {str(label): code for code, label in choices}
        self.codes = {code for code, _ in choices}
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if text in self.codes:
            return text
        if text in self.by_label:
            return self.by_label[text]
        raise ValueError(f"“{text}”不是有效的选项，可填：{'、'.join(self.by_label)}")

    def render(self, value, obj=None, **kwargs):
        return value


class AgencyCodeWidget(widgets.ForeignKeyWidget):
    """Another agency named by its code; an unknown code is an error in Chinese."""

    def __init__(self, **kwargs):
        super().__init__(Agency, "code", **kwargs)

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except Agency.DoesNotExist:
            raise ValueError(f"没有代码为“{value}”的单位，请先导入该单位或检查代码。") from None


class AgencyResource(resources.ModelResource):
    code = fields.Field("code", "代码")
    name = fields.Field("name", "单位名称")
    short_name = fields.Field("short_name", "简称")
    kind = fields.Field("kind", "类型", widget=ChoiceLabelWidget(Agency.Kind.choices))
    level = fields.Field("level", "层级", widget=ChoiceLabelWidget(Agency.Level.choices))
    parent = fields.Field("parent", "上级单位代码", widget=AgencyCodeWidget())
    review_bureau = fields.Field("review_bureau", "审查机关代码", widget=AgencyCodeWidget())
    tags = fields.Field("fields", "执法领域", widget=TagsWidget())
    active = fields.Field("active", "有效", widget=widgets.BooleanWidget())
    order = fields.Field("order", "排序", widget=widgets.IntegerWidget())

    class Meta:
        model = Agency
        import_id_fields = ("code",)
        fields = (
            "code",
            "name",
            "short_name",
            "kind",
            "level",
            "parent",
            "review_bureau",
            "tags",
            "active",
            "order",
        )
        clean_model_instances = True
        use_transactions = True

    # Every exported cell and header goes through the exporters' one formula guard (an agency
    # named "=HYPERLINK(…)" must not become a live formula in the site admin's spreadsheet).
    def export_field(self, field, instance, **kwargs):
        return safe_cell(super().export_field(field, instance, **kwargs))

    def get_export_headers(self, selected_fields=None):
        return [safe_cell(header) for header in super().get_export_headers(selected_fields)]
