"""Running a converter (LibreOffice, the PDF worker) in a child process bounded in time and memory.

The child gets its own session (process group), an address-space limit and a timeout; on
timeout the whole group is killed, so a LibreOffice that forks its soffice.bin goes too.
"""

import os
import resource
import signal
import subprocess
from dataclasses import dataclass


@dataclass
class Outcome:
    returncode: int | None  # None: killed at the timeout
    stdout: bytes
    stderr: bytes


def run(command: list[str], *, input: bytes = b"", timeout: float, memory: int, env=None):
    def limit():  # runs in the child, before exec
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    process = subprocess.Popen(
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=limit,
        start_new_session=True,
        env=env,
    )
    try:
        stdout, stderr = process.communicate(input, timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        process.communicate()
        return Outcome(None, b"", b"")
    finally:
        _kill_group(process)  # helpers the converter left behind
    return Outcome(process.returncode, stdout, stderr)


def _kill_group(process) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
