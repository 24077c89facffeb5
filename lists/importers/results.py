"""What a read produces: rows with their place in the source, errors a clerk can find."""

from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

# Error messages (tests assert them). Each names the real cause: the format, a password, a
# missing text layer... "没有找到表头" is said only of a table that was read.
NOT_A_TABLE = (
    "无法识别该文件：请上传 Excel（.xlsx、.xls、.et）、Word（.docx、.doc、.wps）、PDF 或 CSV 文件。"
)
IMAGE = "文件是一张图片（{kind}），无法读取其中的文字。请上传清单的 Excel、Word 或 PDF 原文件。"
ARCHIVE = "文件是一个压缩包（{kind}），请解压后上传其中的表格文件。"
OTHER_OFFICE = "文件是{kind}，不是表格或文档，无法导入。"
XLSB = "文件是 Excel 二进制工作簿（.xlsb），无法直接读取。请在 Excel 中“另存为” .xlsx 后再上传。"
OFD = (
    "文件是 OFD 版式文档，无法读取其中的表格。"
    "请上传清单的 Word、Excel 原文件，或“另存为” PDF 后上传。"
)
CORRUPT = "文件已损坏或不完整，无法读取。请用 Excel 或 Word 打开确认后重新保存再上传。"
ENCRYPTED = "文件设置了打开密码，无法读取。请去除密码后再上传。"
SCANNED_PDF = (
    "这个 PDF 是扫描件（页面是图片，没有文字层），无法读取其中的表格。"
    "请上传清单的 Word 或 Excel 原文件，或可以复制文字的 PDF。"
)
PDF_CORRUPT = "PDF 文件已损坏或不完整，无法读取。"
PDF_TOO_MANY_PAGES = "PDF 超过 {limit} 页，请拆分后分批导入。"
NO_CONVERTER = (
    "读取{kind}需要服务器安装 LibreOffice（soffice），本服务器没有安装。"
    "请在 Word 或 WPS 中“另存为” .docx（表格另存为 .xlsx）后再上传，或请管理员安装 LibreOffice。"
)
CONVERT_FAILED = "{kind}转换失败，文件可能已损坏。请在 Word 或 WPS 中“另存为” .docx 后再上传。"
CONVERT_TIMEOUT = "{kind}转换超过 {seconds} 秒仍未完成，已停止。请“另存为” .docx 后再上传。"
NO_WORD_TABLE = "文档中没有表格：清单应以表格形式列出（序号、事项、适用条件等列）。"
NO_HTML_TABLE = "这是一个网页文件（如“另存为网页”的 .xls），但其中没有表格。"
EMPTY_SHEETS = "文件中没有任何内容：各工作表都是空的。"
TOO_LARGE = "文件大小为 {size}，超过上限 {limit}。请拆分后分批导入。"
ZIP_BOMB = "文件解压后过大（{size}），可能已损坏或不是正常的表格文件，已拒绝读取。"
EMPTY_FILE = "文件是空的。"
TOO_MANY_ROWS = "表格超过 {limit} 行，请拆分后分批导入。"
TOO_MANY_ROWS_READ = "文件超过 {limit} 行（标题、空行等都计在内），已停止读取。请拆分后分批导入。"
TOO_MANY_CELLS = "文件超过 {limit} 个单元格，已停止读取。请拆分后分批导入。"
TOO_SLOW = "读取文件超过 {seconds} 秒，已停止。请拆分后分批导入。"
NO_HEADER = "没有找到表头：表格中应有“事项”“适用条件”等列名（如“行政处罚事项”“不予处罚适用条件”）。"
MISSING_COLUMN = "表头中没有“{label}”列（应有如“{examples}”的列名）。"
NO_ITEMS = "表格中没有找到任何事项。"
NO_MATTER = "缺少事项名称。"
NO_CONDITION = "缺少适用条件。"
TOO_LONG = "“{label}”超过 {limit} 个字。"
NO_CONDITION_COLUMN = (
    "表格中没有“适用条件”列：可在下方填写适用于每一项的条件；提交审查前，每一项都须有适用条件。"
)
HIDDEN_COLUMNS = "已忽略隐藏列：{names}"
HIDDEN_ROWS = "已忽略隐藏行 {count} 行：{places}"
ORIGINAL_SEQ = "原序号"
UNKNOWN_ROW_TYPE = (
    "“清单”列的“{text}”不是可识别的清单类型（应为不予处罚、从轻处罚、减轻处罚或免予行政强制）。"
)
MIXED_TYPES = (
    "表格的“清单”列含有多种清单（{names}），不能全部导入“{forced}”。"
    "请不指定清单类型，各行将按“清单”列分别导入各自的清单。"
)
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
    list_type: str | None = None  # from a 清单 column; None: the list's own type

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
    warnings: list[str] = field(default_factory=list)
    hidden_columns: list[str] = field(default_factory=list)  # headers of hidden columns left out
    hidden_rows: list[Place] = field(default_factory=list)
    no_condition_column: bool = False

    @property
    def all_errors(self) -> list[RowError]:
        return self.errors + [error for row in self.rows for error in row.errors]


@dataclass
class Preview:
    lists: list[ParsedList]
    errors: list[RowError] = field(default_factory=list)
    suggested_condition: str = ""  # stated above or below the table, for the common condition

    @property
    def warnings(self) -> list[str]:
        """Things the clerk should know that do not stop the import."""
        found = []
        for parsed in self.lists:
            found.extend(w for w in parsed.warnings if w not in found)
            if parsed.hidden_columns:
                found.append(HIDDEN_COLUMNS.format(names="、".join(parsed.hidden_columns)))
            if parsed.hidden_rows:
                places = "、".join(place.label() for place in parsed.hidden_rows[:10])
                more = " 等" if len(parsed.hidden_rows) > 10 else ""
                found.append(
                    HIDDEN_ROWS.format(count=len(parsed.hidden_rows), places=places + more)
                )
        return found

    @property
    def all_errors(self) -> list[RowError]:
        return self.errors + [error for parsed in self.lists for error in parsed.all_errors]

    @property
    def rows(self) -> list[ParsedRow]:
        return [row for parsed in self.lists for row in parsed.rows]

    @property
    def is_valid(self) -> bool:
        return not self.all_errors
