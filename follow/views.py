"""订阅: the follow page (feeds and e-mail sign-up), confirmation and one-click unsubscribe."""

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from agencies.models import Agency
from follow import subscriptions
from follow.models import Subscription
from follow.ratelimit import allow, client_ip
from lists.models import ListType

TOO_MANY = "提交过于频繁，请一小时后再试。"


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label="电子邮箱",
        max_length=254,
        error_messages={"required": "请填写电子邮箱。", "invalid": "请填写有效的电子邮箱地址。"},
    )


def _scope(request: HttpRequest) -> tuple[Agency | None, ListType | None]:
    params = request.POST if request.method == "POST" else request.GET
    agency = list_type = None
    if params.get("agency"):
        agency = get_object_or_404(Agency, code=params["agency"], active=True)
    if params.get("list_type"):
        list_type = get_object_or_404(ListType, code=params["list_type"])
    return agency, list_type


def _feed_links(agency, list_type) -> list[tuple[str, str]]:
    links = [("全部清单", reverse("follow:feed_all"))]
    if agency:
        links.append(
            (f"{agency.name}的全部清单", reverse("follow:feed_agency", args=[agency.code]))
        )
    if list_type:
        links.append(
            (f"各单位的{list_type.name}", reverse("follow:feed_list_type", args=[list_type.code]))
        )
    if agency and list_type:
        links.append(
            (
                f"{agency.name}{list_type.name}",
                reverse("follow:feed_list", args=[agency.code, list_type.code]),
            )
        )
    return links[::-1]


@require_http_methods(["GET", "POST"])
def follow_page(request: HttpRequest) -> HttpResponse:
    agency, list_type = _scope(request)
    form = SubscribeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        limit = getattr(settings, "SUBSCRIBE_RATE_PER_HOUR", 5)
        if not allow(f"subscribe:{client_ip(request)}", limit, 3600):
            form.add_error(None, TOO_MANY)
            status = 429
        elif form.is_valid():
            subscriptions.subscribe(form.cleaned_data["email"], agency, list_type)
            return redirect("follow:sent")
        else:
            status = 400
    scope = Subscription(agency=agency, list_type=list_type).scope_label
    context = {
        "form": form,
        "agency": agency,
        "list_type": list_type,
        "scope": scope,
        "feed_links": _feed_links(agency, list_type),
    }
    return render(request, "follow/follow.html", context, status=status)


@require_GET
def sent(request: HttpRequest) -> HttpResponse:
    return render(request, "follow/message.html", {"heading": "请查收确认邮件", "sent": True})


@require_GET
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    subscription = subscriptions.confirm(token)
    if subscription is None:
        return render(request, "follow/message.html", {"heading": "链接无效"}, status=404)
    context = {"heading": "订阅成功", "scope": subscription.scope_label, "confirmed": True}
    context["unsubscribe"] = reverse("follow:unsubscribe", args=[token])
    return render(request, "follow/message.html", context)


@csrf_exempt  # RFC 8058 one-click: the mail client POSTs without a page, token is the secret
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    # Answered the same whether the link was used before: unsubscribing is idempotent.
    subscriptions.unsubscribe(token)
    return render(request, "follow/message.html", {"heading": "已退订", "unsubscribed": True})
