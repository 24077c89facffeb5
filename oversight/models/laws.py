"""The registry of laws that list items cite, their aliases, and the citation index."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from oversight.citations import law_key


def unique_slug(key: str) -> str:
    """安全生产法 → anquanshengchanfa (pinyin), with -2, -3 … when taken."""
    from django.utils.text import slugify
    from pypinyin import lazy_pinyin

    base = slugify("".join(lazy_pinyin(key)))[:100] or "law"
    slug, n = base, 1
    while Law.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


class Law(models.Model):
    class Status(models.TextChoices):
        IN_FORCE = "in_force", _("现行有效")
        AMENDED = "amended", _("已修订")
        REPEALED = "repealed", _("已废止")

    name = models.CharField(
        _("法规名称"),
        max_length=200,
        unique=True,
        help_text=_("全称，如“中华人民共和国安全生产法”"),
    )
    key = models.CharField(_("匹配名"), max_length=200, unique=True, editable=False)
    slug = models.SlugField(_("网址代码"), max_length=120, unique=True, editable=False)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.IN_FORCE, editable=False
    )
    edition = models.CharField(
        _("现行版本"), max_length=100, blank=True, help_text=_("如“2021年修订”")
    )
    promulgated_on = models.DateField(_("公布日期"), null=True, blank=True)
    changed_on = models.DateField(_("修订/废止日期"), null=True, blank=True, editable=False)
    change_note = models.TextField(_("修订/废止说明"), blank=True, editable=False)
    verified = models.BooleanField(
        _("已核实"),
        default=False,
        help_text=_("由司法局核实登记的法规；未核实的为系统从清单引用中自动收录"),
    )
    created_at = models.DateTimeField(_("收录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("法规")
        verbose_name_plural = _("法规库")
        ordering = ["key"]

    def __str__(self) -> str:
        return f"《{self.name}》"

    def save(self, *args, **kwargs):
        self.key = law_key(self.name)
        if not self.slug:
            self.slug = unique_slug(self.key)
        super().save(*args, **kwargs)

    @property
    def is_in_force(self) -> bool:
        return self.status == self.Status.IN_FORCE


class LawAlias(models.Model):
    law = models.ForeignKey(
        Law, verbose_name=_("法规"), on_delete=models.CASCADE, related_name="aliases"
    )
    name = models.CharField(
        _("别名"),
        max_length=200,
        help_text=_("清单中出现的其他写法，如“安全生产法”“食品安全法实施条例”"),
    )
    key = models.CharField(_("匹配名"), max_length=200, unique=True, editable=False)

    class Meta:
        verbose_name = _("法规别名")
        verbose_name_plural = _("法规别名")
        ordering = ["law", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.key = law_key(self.name)
        super().save(*args, **kwargs)


class Citation(models.Model):
    """One law cited by one item (in 法律依据 or 从宽依据), written when its version is published."""

    class Field(models.TextChoices):
        LEGAL_BASIS = "legal_basis", _("法律依据")
        LENIENCY_BASIS = "leniency_basis", _("从宽依据")

    item = models.ForeignKey(
        "lists.Item", verbose_name=_("事项"), on_delete=models.CASCADE, related_name="citations"
    )
    law = models.ForeignKey(
        Law, verbose_name=_("法规"), on_delete=models.CASCADE, related_name="citations"
    )
    field = models.CharField(_("栏目"), max_length=20, choices=Field.choices)
    cited_name = models.CharField(_("引用写法"), max_length=200)
    edition = models.CharField(_("版本说明"), max_length=200, blank=True)
    articles = models.CharField(_("条款"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("法规引用")
        verbose_name_plural = _("法规引用")
        ordering = ["law", "item"]
        constraints = [
            models.UniqueConstraint(fields=["item", "law", "field"], name="citation_unique")
        ]

    def __str__(self) -> str:
        return f"《{self.cited_name}》{self.articles}"
