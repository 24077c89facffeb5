"""Demo data for 示例市: a justice bureau, its agencies, and lists filled with real published rows.

Idempotent: agencies and users are updated in place; a list that already exists is left as it
is, so running the command twice leaves the same data. Every state is reached by calling the
workflow verbs, exactly as clerks and reviewers would.
"""

import csv
import datetime
import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from agencies.models import Agency, Membership
from lists import workflow
from lists.models import EnforcementList, Item, ListType
from lists.services import renumber
from oversight import demo as oversight_demo
from security import demo as security_demo

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "demo"
PASSWORD = "demo12345"
CITY = Agency.Level.CITY

AGENCIES = [
    # code, name, short name, fields
    ("scjg", "示例市市场监督管理局", "市场监管局", ["市场监管"]),
    ("sthj", "示例市生态环境局", "生态环境局", ["生态环境"]),
    ("cgzf", "示例市城市管理和综合执法局", "城管执法局", ["城市管理"]),
    ("yjgl", "示例市应急管理局", "应急管理局", ["安全生产"]),
    ("jtys", "示例市交通运输局", "交通运输局", ["交通运输"]),
    ("rsj", "示例市人力资源和社会保障局", "人社局", ["劳动保障"]),
    ("wlj", "示例市文化广电和旅游局", "文广旅局", ["文化旅游"]),
    ("zrzy", "示例市自然资源局", "自然资源局", ["自然资源"]),
    ("wsjk", "示例市卫生健康委员会", "卫健委", ["卫生健康"]),
    ("fgw", "示例市发展和改革委员会", "发改委", ["发展改革"]),
]
USERS = [
    ("clerk-scjg", "张清单", "scjg", Membership.Role.CLERK),
    ("clerk-sthj", "李环保", "sthj", Membership.Role.CLERK),
    ("reviewer-sfj", "王审查", "sfj", Membership.Role.REVIEWER),
    ("lead-sfj", "赵局长", "sfj", Membership.Role.LEAD),
]
REVIEW_OK = "经审查，该清单事项设定依据充分，适用条件明确，符合《中华人民共和国行政处罚法》第三十三条的规定，同意公布。"


def read_rows(name: str) -> list[dict]:
    with open(FIXTURES / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


class Command(BaseCommand):
    help = "Load the 示例市 demo data (idempotent)."

    def handle(self, *args, **options):
        # Workflow e-mails of the demo's own steps go nowhere.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            with transaction.atomic():
                self.agencies = self.load_agencies()
                self.users = self.load_users()
                self.load_lists()
                oversight_demo.load(self.agencies, self.users)
                security_demo.load(PASSWORD, dict(self.users))
        self.stdout.write(
            self.style.SUCCESS(
                "示例数据已就绪。演示账号（密码均为 demo12345）：admin（超级用户，仅用于安装）、clerk-scjg、"
                "clerk-sthj（清单填报员）、reviewer-sfj（司法局审查员）、lead-sfj（司法局负责人）；"
                "sysadmin、secadmin、auditor（系统/安全/审计管理员）"
            )
        )

    def load_agencies(self) -> dict[str, Agency]:
        bureau, _ = Agency.objects.update_or_create(
            code="sfj",
            defaults=dict(
                name="示例市司法局",
                short_name="司法局",
                kind=Agency.Kind.JUSTICE,
                level=CITY,
                fields=["司法行政"],
                order=0,
            ),
        )
        agencies = {"sfj": bureau}
        for order, (code, name, short_name, fields) in enumerate(AGENCIES, start=1):
            agencies[code], _ = Agency.objects.update_or_create(
                code=code,
                defaults=dict(
                    name=name,
                    short_name=short_name,
                    kind=Agency.Kind.ENFORCEMENT,
                    level=CITY,
                    review_bureau=bureau,
                    fields=fields,
                    order=order,
                ),
            )
        agencies["jd-chengguan"], _ = Agency.objects.update_or_create(
            code="jd-chengguan",
            defaults=dict(
                name="示例市城关街道办事处",
                short_name="城关街道",
                kind=Agency.Kind.TOWNSHIP,
                level=Agency.Level.TOWNSHIP,
                review_bureau=bureau,
                fields=["综合执法"],
                order=50,
            ),
        )
        return agencies

    def load_users(self) -> dict:
        User = get_user_model()
        users = {}
        admin, created = User.objects.get_or_create(
            username="admin",
            defaults=dict(is_staff=True, is_superuser=True, email="admin@example.gov.cn"),
        )
        if created:
            admin.set_password(PASSWORD)
            admin.save()
        users["admin"] = admin
        for username, full_name, code, role in USERS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults=dict(
                    is_staff=True, first_name=full_name, email=f"{username}@example.gov.cn"
                ),
            )
            if created:
                user.set_password(PASSWORD)
                user.save()
            Membership.objects.get_or_create(user=user, agency=self.agencies[code], role=role)
            users[username] = user
        return users

    def actor_for(self, code: str):
        return self.users.get(f"clerk-{code}", self.users["admin"])

    def new_draft(self, code: str, type_code: str, rows: list[dict]):
        enforcement_list = workflow.create_list(
            self.agencies[code],
            ListType.objects.get(code=type_code),
            acting_user=self.actor_for(code),
        )
        version = enforcement_list.versions.get()
        self.fill(version, rows)
        return version

    def fill(self, version, rows: list[dict]) -> None:
        sections = {s.number: s for s in version.list.list_type.sections.all()}
        agency_name = version.list.agency.name
        start = version.items.count()
        Item.objects.bulk_create(
            Item(
                version=version,
                seq=start + index,
                section=sections.get(int(row["section"])) if row.get("section") else None,
                matter=row["matter"],
                category=row.get("category", ""),
                implementing_body=row.get("implementing_body") or agency_name,
                condition=row["condition"],
                legal_basis=row.get("legal_basis", ""),
                leniency_basis=row.get("leniency_basis", ""),
                supervision_measures=row.get("supervision_measures", ""),
                note=row.get("note", ""),
                extra=json.loads(row["extra"]) if row.get("extra") else {},
            )
            for index, row in enumerate(rows, start=1)
        )
        renumber(version)  # 序号 in section order, as every write path numbers rows

    def publish(self, version, document_no: str, effective: datetime.date, summary: str = ""):
        code = version.list.agency.code
        clerk = self.actor_for(code)
        if summary:
            version.change_summary = summary
            version.save(update_fields=["change_summary"])
        workflow.submit(version, acting_user=clerk)
        workflow.approve(version, acting_user=self.users["reviewer-sfj"], opinion=REVIEW_OK)
        return workflow.publish(
            version, acting_user=clerk, document_no=document_no, effective_date=effective
        )

    def exists(self, code: str, type_code: str) -> bool:
        return EnforcementList.objects.filter(agency__code=code, list_type__code=type_code).exists()

    def load_lists(self) -> None:
        published = [
            ("scjg", "no-penalty", "示市监规〔2024〕3号", datetime.date(2024, 3, 1)),
            ("scjg", "no-coercion", "示市监规〔2024〕4号", datetime.date(2024, 3, 1)),
            ("yjgl", "no-penalty", "示应急发〔2025〕2号", datetime.date(2025, 2, 1)),
            ("zrzy", "lighter-penalty", "示自然资规〔2024〕1号", datetime.date(2024, 6, 1)),
            ("zrzy", "mitigated-penalty", "示自然资规〔2024〕2号", datetime.date(2024, 6, 1)),
            ("wsjk", "no-penalty", "示卫健发〔2023〕9号", datetime.date(2023, 1, 1)),
            ("fgw", "no-penalty", "示发改发〔2024〕7号", datetime.date(2024, 5, 1)),
            ("fgw", "lighter-penalty", "示发改发〔2024〕7号", datetime.date(2024, 5, 1)),
        ]
        for code, type_code, document_no, effective in published:
            if not self.exists(code, type_code):
                version = self.new_draft(code, type_code, read_rows(f"{code}-{type_code}"))
                self.publish(version, document_no, effective)
        if not self.exists("sthj", "no-penalty"):
            self.load_sthj_history()
        if not self.exists("cgzf", "no-penalty"):
            version = self.new_draft("cgzf", "no-penalty", read_rows("cgzf-no-penalty"))
            workflow.submit(version, acting_user=self.actor_for("cgzf"))
        if not self.exists("wlj", "no-penalty"):
            self.load_returned()
        if not self.exists("rsj", "mitigated-penalty"):
            workflow.create_list(
                self.agencies["rsj"],
                ListType.objects.get(code="mitigated-penalty"),
                acting_user=self.users["admin"],
            )

    def load_sthj_history(self) -> None:
        """Two published versions: the 2021 list, and its 2022 revision (4 rows added, 1 changed, 1 removed)."""
        rows = read_rows("sthj-no-penalty")
        first = [dict(row) for row in rows[:36]]
        first[4]["condition"] = first[4]["condition"].replace("责令改正期限内", "规定期限内")
        first.append(
            {
                "section": "2",
                "category": "一、建设项目管理类",
                "matter": "建设单位未依法重新报批环境影响报告表，擅自开工建设",
                "legal_basis": "《中华人民共和国环境影响评价法》第二十四条第一款",
                "condition": "同时满足下列情形的，不予行政处罚：\n（1）属于首次违法；\n（2）未造成环境污染后果。",
            }
        )
        version = self.new_draft("sthj", "no-penalty", first)
        self.publish(version, "江环〔2021〕231号", datetime.date(2021, 12, 1))
        clerk = self.users["clerk-sthj"]
        draft = workflow.start_revision(version.list, acting_user=clerk)
        draft.items.filter(seq=37).delete()
        changed = draft.items.get(seq=5)
        changed.condition = rows[4]["condition"]
        changed.save()
        self.fill(draft, rows[36:])
        summary = "根据《中华人民共和国固体废物污染环境防治法》修订，新增第37至40项，调整第5项适用条件，删除1项。"
        self.publish(draft, "江环〔2022〕58号", datetime.date(2022, 7, 1), summary)

    def load_returned(self) -> None:
        version = self.new_draft("wlj", "no-penalty", read_rows("wlj-no-penalty"))
        workflow.submit(version, acting_user=self.actor_for("wlj"))
        reviewer = self.users["reviewer-sfj"]
        item = version.items.order_by("seq").last()
        workflow.add_comment(
            version,
            item=item,
            acting_user=reviewer,
            text="“首次被发现，且能当场按规定改正”的表述与原文件不一致，请核对《娱乐场所管理条例》第三十条并写明法律依据。",
        )
        workflow.return_for_changes(
            version,
            acting_user=reviewer,
            opinion="第2至4项缺少法律依据栏，请补全后重新提交。",
        )
