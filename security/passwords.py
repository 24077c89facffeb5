"""Password rules, and what happens when a password is set.

Rules (settings.AUTH_PASSWORD_VALIDATORS): at least 8 characters with three of the four classes
(lower case, upper case, digits, other), not the username or close to it, not a common
password, not all digits.

Django calls `password_changed` on every validator after a new password is saved (never for a
rehash at login), so this is the one place that knows a password was set, whoever set it:
- the account's owner changing it clears the duty to change it;
- anyone else setting it (an administrator creating the account or resetting its password)
  makes it an initial password its owner must change at the next login;
- a command or the shell (no request: installation, `load_demo`) leaves the duty as it was.
"""

import re
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from security import audit
from security.models import PasswordState

CLASSES = {
    "小写字母": re.compile(r"[a-z]"),
    "大写字母": re.compile(r"[A-Z]"),
    "数字": re.compile(r"[0-9]"),
    "其他字符": re.compile(r"[^a-zA-Z0-9]"),
}
TOO_FEW_CLASSES = "密码须包含小写字母、大写字母、数字、其他字符中的至少 {n} 类（现有：{have}）。"
CONTAINS_USERNAME = "密码不能包含用户名。"
HELP = "密码须包含小写字母、大写字母、数字、其他字符中的至少 {n} 类，且不能包含用户名。"


class PasswordPolicyValidator:
    def __init__(self, classes: int = 3):
        self.classes = classes

    def validate(self, password: str, user=None) -> None:
        have = [name for name, pattern in CLASSES.items() if pattern.search(password)]
        errors = []
        if len(have) < self.classes:
            message = TOO_FEW_CLASSES.format(n=self.classes, have="、".join(have) or "无")
            errors.append(ValidationError(message, code="password_too_few_classes"))
        username = (user.get_username() if user is not None else "") or ""
        if len(username) >= 3 and username.lower() in password.lower():
            errors.append(ValidationError(CONTAINS_USERNAME, code="password_contains_username"))
        if errors:
            raise ValidationError(errors)

    def get_help_text(self) -> str:
        return HELP.format(n=self.classes)

    def password_changed(self, password: str, user=None) -> None:
        if user is None or user.pk is None:
            return
        record_password_set(user)


def record_password_set(user) -> None:
    request = audit.current_request.get()
    actor = getattr(request, "user", None) if request is not None else None
    by_owner = actor is not None and actor.is_authenticated and actor.pk == user.pk
    by_other = actor is not None and actor.is_authenticated and not by_owner
    state, created = PasswordState.objects.get_or_create(user=user)
    state.changed_at = timezone.now()
    if by_owner:
        state.must_change = False
        request.session.pop("security_must_change", None)
    elif by_other:
        state.must_change = True
    state.save()
    action = audit.Action.PASSWORD_RESET if by_other else audit.Action.PASSWORD_CHANGED
    detail = "由管理员设置，用户下次登录须修改" if by_other else ""
    audit.record(action, target=f"用户 {user.get_username()}", detail=detail)


def must_change(user, policy) -> bool:
    """Initial or reset, or older than the policy allows. An account without a state row was
    made by `create_user` (createsuperuser, a script): its password dates from its creation."""
    state = PasswordState.objects.filter(user=user).first()
    if state is not None and state.must_change:
        return True
    changed_at = state.changed_at if state is not None else user.date_joined
    max_age = policy.password_max_age_days
    return bool(max_age) and changed_at < timezone.now() - timedelta(days=max_age)
