"""The words and tables of the report, shared by the .docx and .xlsx renderings."""

from oversight.report.data import NEVER_APPLIED_YEARS, Report


def document_number(report: Report) -> str:
    from oversight.filing import settings_for

    prefix = settings_for(report.bureau).document_prefix
    return f"{prefix}〔{report.made_on.year}〕　号"  # the number is given by the bureau's office


def title(report: Report) -> str:
    return f"{report.bureau.name}关于{report.period}减免责清单实施情况的报告"


def summary_paragraphs(report: Report) -> list[str]:
    agencies = len(report.agencies)
    with_lists = sum(1 for figures in report.agencies if figures.lists_in_force)
    reviews = [days for figures in report.agencies for days in figures.reviews]
    average = f"{sum(reviews) / len(reviews):.1f}" if reviews else "—"
    applications = report.applications
    used = "、".join(
        f"{kind}{applications[kind]}件" for kind in report.kinds if applications.get(kind)
    )
    return [
        f"{report.start:%Y年%-m月%-d日}至{report.end:%Y年%-m月%-d日}，本局审查的{agencies}个单位中，"
        f"{with_lists}个单位有现行有效的减免责清单，共{report.total('lists_in_force')}份、"
        f"{report.total('items_in_force')}项事项。",
        f"报告期内，各单位发布清单{report.total('publications')}次，其中修订{report.total('revisions')}次，"
        f"新增事项{report.total('items_added')}项，删除事项{report.total('items_removed')}项；"
        f"本局完成合法性审查{len(reviews)}次（退回修改{report.total('returns')}次），"
        f"平均用时{average}个工作日。",
        _applications_sentence(report, used),
    ]


def _applications_sentence(report: Report, used: str) -> str:
    entering = sum(1 for figures in report.agencies if figures.entered_counts)
    if used:
        return f"报告期内，依清单办理的案件：{used}（{entering}个单位报送）。"
    if entering:
        return f"报告期内，{entering}个单位报送了清单适用情况，未报告依清单办理的案件。"
    return "报告期内，各单位未报送清单适用情况。"


def agency_rows(report: Report) -> tuple[list[str], list[list]]:
    header = [
        "单位",
        "现行清单",
        "事项",
        "发布",
        "其中修订",
        "新增事项",
        "删除事项",
        "审查用时（工作日）",
        "逾期环节",
        "待办调整任务",
    ]
    rows = [
        [
            figures.agency.name,
            figures.lists_in_force,
            figures.items_in_force,
            figures.publications,
            figures.revisions,
            figures.items_added,
            figures.items_removed,
            figures.review_days,
            "；".join(figures.overdue) or "无",
            figures.open_tasks,
        ]
        for figures in report.agencies
    ]
    return header, rows


def adjustment_rows(report: Report) -> tuple[list[str], list[list], list[str]]:
    lines = []
    for law in report.laws_changed:
        change = law.get_status_display().removeprefix("已")
        lines.append(f"《{law.name}》于{law.changed_on:%Y年%-m月%-d日}{change}。{law.change_note}")
    if not report.laws_changed:
        lines.append("报告期内法规库中没有法律法规被标记为已修订或已废止。")
    lines.append(
        f"涉及的调整任务{len(report.tasks)}项，其中尚未办结{sum(t.is_open for t in report.tasks)}项。"
    )
    header = ["单位", "清单", "法规", "起因", "涉及事项", "期限", "办理情况"]
    rows = []
    for task in report.tasks:
        if task.is_open:
            outcome = "待调整"
        elif task.closed_by_version:
            outcome = f"已重新公布（第{task.closed_by_version.number}版）"
        else:
            outcome = f"无需调整：{task.decision}"
        rows.append(
            [
                task.list.agency.name,
                task.list.list_type.name,
                str(task.law),
                task.reason,
                len(task.rows),
                f"{task.due_on:%Y-%m-%d}",
                outcome,
            ]
        )
    return header, rows, lines


def application_rows(report: Report) -> tuple[list[str], list[list], list[str]]:
    entering = [figures for figures in report.agencies if figures.entered_counts]
    lines = [f"{len(entering)}个单位在系统中报送了清单适用情况。"]
    header = ["单位", *report.kinds, "合计"]
    rows = [
        [
            figures.agency.name,
            *(figures.applications.get(kind, 0) for kind in report.kinds),
            sum(figures.applications.values()),
        ]
        for figures in entering
    ]
    return header, rows, lines


def attention_lines(report: Report) -> list[str]:
    lines = []
    late: dict[tuple, list[str]] = {}
    for agency, list_name, due in report.late_lists:
        late.setdefault((agency.name, due), []).append(list_name)
    for (name, due), list_names in late.items():
        lines.append(f"{name}未按期（{due:%Y年%-m月%-d日}前）公布{_join_lists(list_names)}。")
    for figures in report.agencies:
        for text in figures.overdue:
            lines.append(f"{figures.agency.name}：{text}。")
    if report.never_applied:
        lines.append(
            f"以下{len(report.never_applied)}项事项施行满{NEVER_APPLIED_YEARS}年未适用，"
            "请相关单位评估是否仍需保留："
        )
        for item in report.never_applied:
            agency = item.version.list.agency.display_name
            lines.append(
                f"{agency}《{item.version.list.list_type.short_name}》第{item.seq}项：{item.matter}"
            )
    return lines or ["无。"]


def _join_lists(names: list[str]) -> str:
    """从轻处罚事项清单, 减轻处罚事项清单 → 从轻处罚、减轻处罚事项清单."""
    suffix = "事项清单"
    if len(names) > 1 and all(name.endswith(suffix) for name in names):
        return "、".join(name.removesuffix(suffix) for name in names) + suffix
    return "、".join(names)


def never_applied_rows(report: Report) -> tuple[list[str], list[list]]:
    header = ["单位", "清单", "序号", "事项"]
    rows = [
        [item.version.list.agency.name, item.version.list.list_type.name, item.seq, item.matter]
        for item in report.never_applied
    ]
    return header, rows
