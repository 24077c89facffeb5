"""Create the PostgreSQL database DATABASE_URL names when it does not exist yet.

`make run` and `make demo` call it before `migrate`, so `DATABASE_URL=postgres://…/qingdan make
run` works on a server where `qingdan` was never created. A server that cannot be reached, or
refuses the user, ends with a message saying what to check, not a traceback. SQLite needs
nothing (the file is created by `migrate`).
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

UNREACHABLE = (
    "无法连接 PostgreSQL（{host}:{port}，用户 {user}）：{error}\n"
    "请检查 DATABASE_URL 中的主机、端口、用户名和密码，以及 PostgreSQL 是否已启动。"
)
CREATED = "已创建数据库 {name}。"


class Command(BaseCommand):
    help = "Create the PostgreSQL database of DATABASE_URL if it is missing."

    def handle(self, *args, **options):
        settings = connections["default"].settings_dict
        if connections["default"].vendor != "postgresql":
            return
        import psycopg
        from psycopg import sql

        name = settings["NAME"]
        server = {
            "host": settings.get("HOST") or "localhost",
            "port": settings.get("PORT") or 5432,
            "user": settings.get("USER") or None,
            "password": settings.get("PASSWORD") or None,
        }
        try:
            with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
                exists = admin.execute(
                    "SELECT 1 FROM pg_database WHERE datname = %s", [name]
                ).fetchone()
                if not exists:
                    admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
                    self.stdout.write(CREATED.format(name=name))
        except psycopg.Error as error:
            message = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
            raise CommandError(UNREACHABLE.format(error=message, **server)) from None
