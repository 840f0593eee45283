from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from members.queries import active_member

from . import services
from .models import StreamOptOut
from .tokens import InvalidToken, read_unsubscribe_token

ONE_CLICK = "One-Click"


# The signed token is the authority here, not a session: mail providers POST to this address
# with no cookies and no CSRF token (RFC 8058), and the confirmation page posts the same body.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user_id, stream = read_unsubscribe_token(token)
    except InvalidToken:
        return render(request, "outbox/unsubscribe_invalid.html", status=400)
    user = active_member(user_id)
    if user is None:
        return render(request, "outbox/unsubscribe_invalid.html", {"account_gone": True}, status=404)
    context = {
        "stream": stream,
        "email": user.email,
        "email_settings_path": services.EMAIL_SETTINGS_PATH,
        "one_click": ONE_CLICK,
    }
    if request.method == "POST":
        if request.POST.get("List-Unsubscribe") != ONE_CLICK:
            return render(request, "outbox/unsubscribe_confirm.html", {**context, "bad_request": True}, status=400)
        services.stream_opt_out(user=user, stream=stream)
        return render(request, "outbox/unsubscribe_done.html", context)
    already = StreamOptOut.objects.filter(user=user, stream=stream).exists()
    return render(request, "outbox/unsubscribe_confirm.html", {**context, "already": already})
