"""Formats read through LibreOffice: Word 97 .doc, WPS 文字 .wps, RTF, Word 2003 XML,
OpenDocument .odt/.ods.

LibreOffice (`soffice`, Debian package libreoffice-writer-nogui / libreoffice-calc-nogui) is an
optional system dependency: where it is missing these files get a message saying so. Each
conversion runs headless with its own temporary profile (so concurrent conversions never share
one), bounded in time and memory by lists.importers.sandbox.
"""

import shutil
import tempfile
from pathlib import Path

from django.conf import settings

from lists.importers import sandbox
from lists.importers.limits import limit
from lists.importers.results import (
    CONVERT_FAILED,
    CONVERT_TIMEOUT,
    NO_CONVERTER,
    ImportFailed,
)

WORD = "旧版 Word（.doc）或 WPS 文字（.wps）文件"
RTF = "RTF 文档"
ODT = "OpenDocument 文档（.odt）"
ODS = "OpenDocument 表格（.ods）"
WORDML = "Word 2003 XML 文档（许多 OA 系统导出的 .doc）"
FODS = "OpenDocument 单文件表格（.fods）"
FODT = "OpenDocument 单文件文档（.fodt）"
TARGETS = {
    WORD: ("doc", "docx"),
    RTF: ("rtf", "docx"),
    ODT: ("odt", "docx"),
    ODS: ("ods", "xlsx"),
    WORDML: ("xml", "docx"),
    FODS: ("fods", "xlsx"),
    FODT: ("fodt", "docx"),
}


def soffice() -> str | None:
    return getattr(settings, "IMPORT_SOFFICE", None) or shutil.which("soffice")


def convert(data: bytes, kind: str, budget) -> bytes:
    """The file converted to .docx or .xlsx bytes; ImportFailed naming the cause otherwise."""
    program = soffice()
    if not program:
        raise ImportFailed(NO_CONVERTER.format(kind=kind))
    suffix, target = TARGETS[kind]
    seconds = min(budget.remaining(), limit("IMPORT_CONVERT_SECONDS"))
    with tempfile.TemporaryDirectory(prefix="qingdan-convert-") as tmp:
        source = Path(tmp) / f"upload.{suffix}"
        source.write_bytes(data)
        outcome = sandbox.run(
            [
                program,
                "--headless",
                "--norestore",
                "--nolockcheck",
                "--nodefault",
                f"-env:UserInstallation={(Path(tmp) / 'profile').as_uri()}",
                "--convert-to",
                target,
                "--outdir",
                str(Path(tmp) / "out"),
                str(source),
            ],
            timeout=seconds,
            memory=limit("IMPORT_CONVERT_MEMORY_BYTES"),
            env={"HOME": tmp, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
        )
        if outcome.returncode is None:
            raise ImportFailed(CONVERT_TIMEOUT.format(kind=kind, seconds=int(seconds)))
        result = Path(tmp) / "out" / f"upload.{target}"
        if not result.exists() or not result.stat().st_size:
            raise ImportFailed(CONVERT_FAILED.format(kind=kind))
        return result.read_bytes()
