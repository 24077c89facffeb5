"""The private directory where Django spools large uploads (settings.FILE_UPLOAD_TEMP_DIR).

An uploaded table is not public until it is published: it must not wait in a directory other
accounts of the machine can list, read, or plant a symlink in. The directory is created with
mode 0700; one that exists must belong to this account and be a real directory (not a link),
and is narrowed to 0700 if it is wider. Anything else stops the server from starting.
"""

import os
import stat

from django.core.exceptions import ImproperlyConfigured

NOT_PRIVATE = "上传临时目录 {path} 不安全：{why}。请改用本服务账户独占的目录（权限 0700）。"


def ensure_private_dir(path: str) -> str:
    os.makedirs(path, mode=0o700, exist_ok=True)
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
        raise ImproperlyConfigured(NOT_PRIVATE.format(path=path, why="不是目录或是符号链接"))
    if info.st_uid != os.getuid():
        raise ImproperlyConfigured(NOT_PRIVATE.format(path=path, why="属于其他账户"))
    if stat.S_IMODE(info.st_mode) & 0o077:
        os.chmod(path, 0o700)
    return path
