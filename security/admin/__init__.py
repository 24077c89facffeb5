"""The three administrators' screens: accounts (系统管理员; passwords by the 安全管理员),
lockouts and the security policy (安全管理员), the security audit (审计管理员, read-only)."""

from security.admin import audit, lockouts, policy, users  # noqa: F401
