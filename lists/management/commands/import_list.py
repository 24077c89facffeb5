"""python manage.py import_list FILE --agency CODE [--list-type CODE] [--dry-run] [--json]"""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from agencies.models import Agency
from lists.importers import MODES, REPLACE, ImportFailed, import_preview, read_table
from lists.importers import results as msg
from lists.models import ListType

SYSTEM_USERNAME = "system-import"
NO_AGENCY = "没有代码为“{code}”的单位。"
NO_LIST_TYPE = "没有代码为“{code}”的清单类型。"
NO_FILE = "找不到文件：{path}"
NOT_A_FILE = "“{path}”不是文件（是一个目录）。"
NO_PERMISSION = "没有读取文件“{path}”的权限。"
UNREADABLE = "无法读取文件“{path}”。"
UNKNOWN_TYPE = (
    "无法从标题、工作表名或表头判断这是哪一种清单，请用 --list-type 指定清单类型（{codes}）。"
)
MODE_HELP = "导入方式：replace 替换草稿中的全部事项（默认）；append 追加到草稿现有事项之后"
CONDITION_HELP = "适用于每一项的条件：清单在表格外统一写明条件时使用，表格中已有条件的项不变"
NO_CONDITION_COLUMN = (
    "表格中没有“适用条件”列：可用 --condition 指定适用于每一项的条件；"
    "提交审查前，每一项都须有适用条件。"
)
STATED = "文件中写明的条件：“{text}”（用 --condition 应用到每一项）"
PER_LIST = "其中：{lists}"


def system_user():
    """The account the command acts as: a superuser that cannot log in (unusable password)."""
    user, created = get_user_model().objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={"is_active": True, "is_superuser": True, "is_staff": False},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _read(name: str) -> bytes:
    path = Path(name)
    try:
        return path.read_bytes()
    except FileNotFoundError as error:
        raise ImportFailed(NO_FILE.format(path=name)) from error
    except IsADirectoryError as error:
        raise ImportFailed(NOT_A_FILE.format(path=name)) from error
    except PermissionError as error:
        raise ImportFailed(NO_PERMISSION.format(path=name)) from error
    except OSError as error:
        raise ImportFailed(UNREADABLE.format(path=name)) from error


class Command(BaseCommand):
    help = (
        "从 Excel（.xlsx/.xls/.et）、Word（.docx/.doc/.wps）、PDF、网页导出的 .xls 或 CSV 文件"
        "导入清单事项到该单位清单的草稿。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="要导入的文件")
        parser.add_argument("--agency", required=True, help="单位代码，如 scjg")
        parser.add_argument("--list-type", help="清单类型代码；不填则按标题、工作表名或表头识别")
        parser.add_argument("--mode", choices=sorted(MODES), default=REPLACE, help=MODE_HELP)
        parser.add_argument("--condition", default="", help=CONDITION_HELP)
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")
        parser.add_argument("--json", action="store_true", help="输出一个 JSON 对象")

    def handle(self, *args, **options):
        result = {"rows": 0, "created": 0, "errors": [], "version": None, "items": []}
        try:
            self._run(options, result)
        except ImportFailed as failure:
            result["errors"] = [error.as_dict() for error in failure.errors]
        self._print(result, options["json"], options["dry_run"])
        if result["errors"]:
            raise CommandError(f"导入失败：{len(result['errors'])} 处错误。", returncode=1)

    def _run(self, options, result) -> None:
        data = _read(options["file"])  # a wrong path is said first, before any database work
        agency = Agency.objects.filter(code=options["agency"]).first()
        if agency is None:
            raise ImportFailed(NO_AGENCY.format(code=options["agency"]))
        code = options["list_type"]
        if code and not ListType.objects.filter(code=code).exists():
            raise ImportFailed(NO_LIST_TYPE.format(code=code))
        preview = read_table(data, list_type=code, condition=options["condition"].strip())
        for error in preview.errors:  # the web form's wording names its field; here, the flag
            if error.message == msg.UNKNOWN_TYPE:
                codes = "、".join(ListType.objects.values_list("code", flat=True))
                error.message = UNKNOWN_TYPE.format(codes=codes)
        result["rows"] = len(preview.rows)
        result["items"] = [row.as_dict() for row in preview.rows]
        result["errors"] = [error.as_dict() for error in preview.all_errors]
        self._warn(preview, options)
        result["lists"] = _per_list(preview, code)
        if result["errors"] or options["dry_run"]:
            return
        versions = import_preview(
            preview, agency=agency, acting_user=system_user(), list_type=code, mode=options["mode"]
        )
        result["created"] = len(preview.rows)
        result["version"] = versions[0].number if versions else None

    def _warn(self, preview, options) -> None:
        """Warnings go to stderr (stdout stays one JSON object), in the command's own words."""
        for warning in preview.warnings:
            warning = NO_CONDITION_COLUMN if warning == msg.NO_CONDITION_COLUMN else warning
            self.stderr.write(f"注意：{warning}")
        if preview.suggested_condition and not options["condition"]:
            self.stderr.write("注意：" + STATED.format(text=preview.suggested_condition))

    def _print(self, result, as_json: bool, dry_run: bool) -> None:
        lists = result.pop("lists", "")
        if as_json:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        for error in result["errors"]:
            self.stderr.write(error["message"])
        self.stdout.write(
            f"找到 {result['rows']} 项，写入 {result['created']} 项"
            + (f"（第 {result['version']} 版）" if result["version"] else "")
            + (f"；{PER_LIST.format(lists=lists)}" if lists else "")
            + ("（--dry-run：只检查，未写入）" if dry_run and not result["errors"] else "")
        )


def _per_list(preview, forced: str | None) -> str:
    """ "不予处罚事项清单 2 项、从轻处罚事项清单 1 项" when the rows go to several lists."""
    counts: dict[str, int] = {}
    for parsed in preview.lists:
        if parsed.rows:
            code = forced or parsed.list_type or ""
            counts[code] = counts.get(code, 0) + len(parsed.rows)
    if len(counts) < 2:
        return ""
    names = dict(ListType.objects.values_list("code", "name"))
    return "、".join(f"{names.get(code, code)} {n} 项" for code, n in counts.items())
