"""Run Debian's nginx with deploy/nginx-site.conf in front of a bench server, as a process of
its own (its own pid file, logs and temp folders; the system's nginx is not touched)."""

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MAIN = """worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    include {tmp}/site.conf;
}}
"""


def start_nginx(upstream_port: int, port: int) -> tuple[subprocess.Popen, int]:
    if shutil.which("nginx") is None:
        raise SystemExit("nginx is not installed: apt-get install -y nginx")
    tmp = Path(tempfile.mkdtemp(prefix="bench-nginx-"))
    site = (ROOT / "deploy/nginx-site.conf").read_text()
    site = (
        site.replace("@UPSTREAM@", f"127.0.0.1:{upstream_port}")
        .replace("@LISTEN@", f"127.0.0.1:{port}")
        .replace("@STATIC_ROOT@", str(ROOT / "staticfiles"))
    )
    (tmp / "site.conf").write_text(site)
    (tmp / "nginx.conf").write_text(MAIN.format(tmp=tmp))
    process = subprocess.Popen(["nginx", "-c", str(tmp / "nginx.conf"), "-g", "daemon off;"])
    time.sleep(0.5)
    if process.poll() is not None:
        raise SystemExit((tmp / "error.log").read_text())
    return process, port
