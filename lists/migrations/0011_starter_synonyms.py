"""A reviewed starter set of synonyms (检索同义词), editable in the admin.

Built from the wording of real published lists (fixtures/demo, tests/data, the team's collection
of real lists) and from how people ask: everyday forms (第一次/首次/初次), trade words (摆摊 →
流动摊贩), abbreviations (酒驾 → 饮酒后驾驶), and variant names of the same thing.
"""

from django.db import migrations

# (kind, mutual, words, note)
STARTER = [
    ("everyday", True, "第一次、首次、初次、首违", "首违不罚"),
    ("abbreviation", True, "首违不罚、首次违法、初次违法、首违", "“首违不罚”是初次违法不予处罚的简称"),
    ("everyday", True, "没有、无、未", ""),
    ("everyday", True, "没贴、未粘贴、未张贴、未贴", ""),
    ("everyday", True, "没挂、未悬挂、未挂", ""),
    ("everyday", True, "没办、未办理、未依法办理", ""),
    ("everyday", True, "没交、未缴纳、未按时缴纳", ""),
    ("everyday", True, "没登记、未经登记、未办理登记", ""),
    ("everyday", True, "没备案、未备案、未按规定备案", ""),
    ("everyday", True, "摆摊、摆地摊、路边摊、流动摊贩、占道经营、占用道路", "城市管理"),
    ("everyday", True, "占道经营、占用道路、店外经营、出店经营、跨门经营、擅自占用城市道路", "城市管理"),
    ("everyday", True, "价格、标价、明码标价、收费", "价格监管"),
    ("synonym", True, "明码标价、标价签、未标明价格、价格", "价格监管"),
    ("everyday", True, "无照经营、没有营业执照、未取得营业执照、未经登记从事经营活动", "市场主体登记"),
    ("synonym", True, "营业执照、执照、登记证", "市场主体登记"),
    ("everyday", True, "餐馆、饭店、饭馆、餐厅、餐饮、小吃店", "餐饮服务"),
    ("everyday", True, "油烟、餐饮油烟、油烟净化", "大气污染"),
    ("abbreviation", True, "酒驾、饮酒后驾驶、酒后驾驶", "道路交通"),
    ("everyday", True, "黑车、非法营运、未取得道路运输经营许可", "道路运输"),
    ("everyday", True, "噪音、噪声、扰民", "噪声污染"),
    ("everyday", True, "灭火器、消防器材、消防设施", "消防"),
    ("everyday", True, "消防通道、消防车通道、疏散通道、安全出口", "消防"),
    ("everyday", True, "过期、超过保质期、过期食品", "食品安全"),
    ("everyday", True, "健康证、健康证明、从业人员健康", "食品安全"),
    ("everyday", True, "工地、施工现场、建设工程、施工工地", "建设施工"),
    ("everyday", True, "乱扔垃圾、随意倾倒、乱倒、生活垃圾、建筑垃圾", "市容环卫"),
    ("everyday", True, "广告牌、招牌、户外广告、店招", "户外广告"),
    ("everyday", True, "超载、超限、超限运输", "道路运输"),
    ("variant", True, "网吧、互联网上网服务营业场所", "文化市场"),
    ("variant", True, "KTV、歌厅、歌舞厅、娱乐场所", "文化市场"),
    ("everyday", True, "排污、排放污染物、偷排、排污许可", "生态环境"),
    ("abbreviation", True, "环评、环境影响评价、环境影响报告", "生态环境"),
    ("abbreviation", True, "危化品、危险化学品", "安全生产"),
    ("everyday", True, "电焊、气焊、明火作业", "消防"),
    ("everyday", True, "个体户、个体工商户", "市场主体"),
    ("everyday", False, "老板、经营者、生产经营单位", "只从口语扩展到规范用语"),
    ("everyday", False, "商家、经营者", "只从口语扩展到规范用语"),
    ("everyday", False, "店、店铺、门店、经营场所", "只从口语扩展到规范用语"),
    ("everyday", False, "员工、劳动者、从业人员", "只从口语扩展到规范用语"),
    ("everyday", True, "工资、劳动报酬", "劳动保障"),
    ("everyday", True, "社保、社会保险", "劳动保障"),
    ("everyday", True, "假货、假冒、伪劣", "产品质量"),
    ("everyday", True, "网店、网络经营、电子商务、网上开店", "电子商务"),
    ("everyday", True, "乱占地、非法占用土地、违法占地", "自然资源"),
    ("everyday", True, "卫生许可、卫生许可证", "卫生健康"),
    ("everyday", True, "罚款、处罚", "“会不会罚款”"),
    ("everyday", True, "卖、销售、出售", ""),
]


def load(apps, schema_editor):
    SynonymGroup = apps.get_model("lists", "SynonymGroup")
    SynonymGroup.objects.bulk_create(
        SynonymGroup(kind=kind, mutual=mutual, words=words, note=note)
        for kind, mutual, words, note in STARTER
    )


def unload(apps, schema_editor):
    apps.get_model("lists", "SynonymGroup").objects.filter(
        words__in=[words for _, _, words, _ in STARTER]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("lists", "0010_synonymgroup")]

    operations = [migrations.RunPython(load, unload)]
