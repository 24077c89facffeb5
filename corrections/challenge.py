"""A self-hosted challenge for the 纠错 form: a small sum, its answer signed into the form.

No third-party service, no session: the question and a signed token travel in the form; the
token expires after an hour and is bound to the item, so it cannot be replayed elsewhere.
"""

import secrets

from django.core import signing

SALT = "corrections.challenge"
MAX_AGE = 3600


def new(item_key) -> tuple[str, str]:
    """(question, token)"""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    token = signing.dumps({"sum": a + b, "item": str(item_key)}, salt=SALT)
    return f"{a} 加 {b} 等于几？", token


def passed(token: str, answer: str, item_key) -> bool:
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return False
    answer = (answer or "").strip().translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    return data.get("item") == str(item_key) and answer == str(data.get("sum"))
