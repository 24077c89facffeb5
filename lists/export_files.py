"""Downloads of published versions, built once and then served from storage.

A published version never changes, so its official .xlsx and .csv are written the first time
someone asks (streaming: lists.official_xlsx, lists.exporters) into the `exports` storage
(settings.STORAGES; a folder by default, any Django storage — e.g. one shared by every app
server — in production) under a name made of the version and its publication time, its status (a superseded version's
title says 已被修订), its title and the format's revision. Later downloads stream the file.
"""

import hashlib
import tempfile

from django.core.files import File
from django.core.files.storage import storages
from django.http import FileResponse

from lists.exporters import export_csv, provenance, title_of
from lists.models import ListVersion
from lists.official_xlsx import write_xlsx

# Raise when the layout of a file changes, so files built by an older release are not served.
FORMAT_REVISION = 2


def _name(version: ListVersion, extension: str) -> str:
    # The publication time too: a rebuilt database reuses ids, never (id, time) pairs.
    published = f"{version.published_at.timestamp():.6f}" if version.published_at else "-"
    # The title and the line under it say the version's state today (已被修订, 起施行 …).
    shown = title_of(version) + provenance(version)
    title = hashlib.sha1(shown.encode(), usedforsecurity=False).hexdigest()[:10]
    return f"v{version.pk}/{published}-{version.status}-{title}-r{FORMAT_REVISION}.{extension}"


def _write(version: ListVersion, extension: str, target) -> None:
    if extension == "xlsx":
        write_xlsx(version, target)
    else:
        target.write(export_csv(version))


def stored_file(version: ListVersion, extension: str) -> str:
    """The storage name of the version's file, built now if it is not there yet."""
    storage = storages["exports"]
    name = _name(version, extension)
    if not storage.exists(name):
        with tempfile.TemporaryFile() as handle:
            _write(version, extension, handle)
            handle.seek(0)
            if not storage.exists(name):  # another worker may have finished first
                storage.save(name, File(handle))
    return name


def response(version: ListVersion, extension: str, content_type: str, filename: str):
    """A download response streaming the version's stored file."""
    name = stored_file(version, extension)
    return FileResponse(
        storages["exports"].open(name, "rb"),
        as_attachment=True,
        filename=filename,
        content_type=content_type,
    )
