"""我要纠错: a form on every item permalink, answered by the agency in the admin."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from corrections import challenge, services
from corrections.forms import CorrectionForm
from follow.ratelimit import allow, client_ip
from lists import selectors

TOO_MANY = "提交过于频繁，请一小时后再试。"


def _item(key):
    item = selectors.item_by_key(key)
    if item is None:
        raise Http404("没有找到该事项")
    return item


def form_context(item, form=None) -> dict:
    # A fresh question on every rendering; the text and address typed so far are kept.
    question, token = challenge.new(item.key)
    form = form or CorrectionForm(item_key=item.key)
    return {"item": item, "correction_form": form, "question": question, "token": token}


@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, key) -> HttpResponse:
    item = _item(key)
    form = None
    status = 200
    if request.method == "POST":
        form = CorrectionForm(request.POST, item_key=item.key)
        limit = getattr(settings, "CORRECTION_RATE_PER_HOUR", 5)
        if not allow(f"correction:{client_ip(request)}", limit, 3600):
            form.is_valid()
            form.add_error(None, TOO_MANY)
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            services.report(item, text=data["text"], contact=data["contact"])
            return redirect("corrections:sent", key=item.key)
        else:
            status = 400
    return render(request, "corrections/report.html", form_context(item, form), status=status)


@require_GET
def sent(request: HttpRequest, key) -> HttpResponse:
    return render(request, "corrections/sent.html", {"item": _item(key)})


@require_GET
def help_page(request: HttpRequest) -> HttpResponse:
    """The footer's 我要纠错: where to report a wrong row, and how to reach the site's owner."""
    return render(request, "corrections/help.html")
