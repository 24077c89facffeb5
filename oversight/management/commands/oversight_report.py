"""python manage.py oversight_report --bureau CODE --from YYYY-MM-DD --to YYYY-MM-DD
--format docx|xlsx --output FILE: the report for the agencies the bureau oversees."""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from agencies.models import Agency
from oversight.report import RENDERERS, build_report


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"日期格式应为 YYYY-MM-DD：{text}") from None


class Command(BaseCommand):
    help = "Write the bureau's report (.docx or .xlsx) for a period."

    def add_arguments(self, parser):
        parser.add_argument("--bureau", required=True, help="司法局代码，如 sfj")
        parser.add_argument("--from", dest="start", required=True, help="起始日期 YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="截止日期 YYYY-MM-DD")
        parser.add_argument("--format", choices=sorted(RENDERERS), default="docx")
        parser.add_argument("--output", required=True, help="输出文件")

    def handle(self, *args, **options):
        start, end = _date(options["start"]), _date(options["end"])
        if end < start:
            raise CommandError("截止日期不能早于起始日期。")
        bureau = Agency.objects.filter(code=options["bureau"], kind=Agency.Kind.JUSTICE).first()
        if bureau is None:
            raise CommandError(f"没有代码为 {options['bureau']} 的司法行政部门。")
        report = build_report(bureau, start, end)
        content = RENDERERS[options["format"]](report)
        Path(options["output"]).write_bytes(content)
        self.stdout.write(
            f"已生成 {options['output']}：{report.bureau.name}，{report.period}，{len(report.agencies)} 个单位。"
        )
