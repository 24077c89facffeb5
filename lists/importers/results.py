"""What a read produces: rows with their place in the source, errors a clerk can find."""

from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

# Error messages (tests assert them).
NOT_A_TABLE = "无法识别该文件：请上传 Excel（.xlsx、.xls）、Word（.docx）或 CSV 文件。"
OLD_WORD = "旧版 Word（.doc）文件不能直接导入，请在 Word 中“另存为” .docx 后再上传。"
CORRUPT = "文件已损坏或不完整，无法读取。请用 Excel 或 Word 打开确认后重新保存再上传。"
ENCRYPTED = "文件设置了打开密码，无法读取。请去除密码后再上传。"
TOO_LARGE = "文件大小为 {size}，超过上限 {limit}。请拆分后分批导入。"
ZIP_BOMB = "文件解压后过大（{size}），可能已损坏或不是正常的表格文件，已拒绝读取。"
EMPTY_FILE = "文件是空的。"
TOO_MANY_ROWS = "表格超过 {limit} 行，请拆分后分批导入。"
NO_HEADER = "没有找到表头：表格中应有“事项”“适用条件”等列名（如“行政处罚事项”“不予处罚适用条件”）。"
MISSING_COLUMN = "表头中没有“{label}”列（应有如“{examples}”的列名）。"
NO_ITEMS = "表格中没有找到任何事项。"
NO_MATTER = "缺少事项名称。"
NO_CONDITION = "缺少适用条件。"
TOO_LONG = "“{label}”超过 {limit} 个字。"
UNKNOWN_TYPE = "无法从标题、工作表名或表头判断这是哪一种清单，请选择清单类型。"
REQUIRED_EXAMPLES = {
    "matter": "行政处罚事项、违法行为、事项名称",
    "condition": "适用条件、不予处罚适用条件、适用情形",
}


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


@dataclass(frozen=True)
class Place:
    """A row as the clerk sees it: 第 12 行 (in a sheet), or 第 2 个表格第 5 行 (Word).

    `table` is None in sheets and CSV, 1.. for Word tables, 0 for Word paragraphs.
    """

    row: int
    sheet: str = ""
    table: int | None = None

    def column(self, index: int) -> str:
        return str(index + 1) if self.table is not None else get_column_letter(index + 1)

    def label(self, index: int | None = None) -> str:
        if self.table == 0:  # a Word paragraph outside any table
            return f"正文第 {self.row} 段"
        if self.table is not None:
            text = f"第 {self.table} 个表格第 {self.row} 行"
            return text if index is None else f"{text}第 {index + 1} 列"
        text = f"{self.sheet}第 {self.row} 行"
        return text if index is None else f"{text} {self.column(index)} 列"


@dataclass
class RowError:
    message: str
    place: Place | None = None
    column: int | None = None

    @property
    def text(self) -> str:
        return f"{self.place.label(self.column)}：{self.message}" if self.place else self.message

    def as_dict(self) -> dict:
        return {
            "row": self.place.row if self.place else None,
            "column": self.place.column(self.column)
            if self.place and self.column is not None
            else None,
            "message": self.text,
        }

    def __str__(self) -> str:
        return self.text


class ImportFailed(Exception):
    """The file cannot be imported; `errors` say where (messages in Chinese)."""

    def __init__(self, errors: "str | list[RowError]"):
        self.errors = [RowError(errors)] if isinstance(errors, str) else list(errors)
        super().__init__("\n".join(error.text for error in self.errors))
        self.message = str(self)


def too_large(size: int, limit: int) -> str:
    return TOO_LARGE.format(size=_size(size), limit=_size(limit))


def zip_bomb(size: int) -> str:
    return ZIP_BOMB.format(size=_size(size))


@dataclass
class Column:
    index: int
    header: str
    field: str  # an Item field name, or "extra"

    @property
    def letter(self) -> str:
        return get_column_letter(self.index + 1)


@dataclass
class ParsedRow:
    place: Place
    values: dict[str, str]
    extra: dict[str, str]
    section: int | None = None
    seq: int = 0
    errors: list[RowError] = field(default_factory=list)

    def as_dict(self) -> dict:
        from lists.importers.text import TEXT_FIELDS

        data = {"seq": self.seq, "section": self.section}
        data.update({name: self.values.get(name) or None for name in TEXT_FIELDS})
        data["extra"] = dict(self.extra)
        return data


@dataclass
class ParsedList:
    """One list found in the file: a sheet, or a table introduced by its title."""

    list_type: str | None
    title: str = ""
    index: int = 0  # position in the file; the key of the clerk's column-mapping choices
    columns: list[Column] = field(default_factory=list)
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    skipped: list[tuple[Place, str]] = field(default_factory=list)

    @property
    def all_errors(self) -> list[RowError]:
        return self.errors + [error for row in self.rows for error in row.errors]


@dataclass
class Preview:
    lists: list[ParsedList]
    errors: list[RowError] = field(default_factory=list)

    @property
    def all_errors(self) -> list[RowError]:
        return self.errors + [error for parsed in self.lists for error in parsed.all_errors]

    @property
    def rows(self) -> list[ParsedRow]:
        return [row for parsed in self.lists for row in parsed.rows]

    @property
    def is_valid(self) -> bool:
        return not self.all_errors
