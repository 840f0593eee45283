"""The co-author box's matches as the author types (htmx); see co_authors.py."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views import View

from casestudies.editorial.co_authors import PREFIX, co_authors_offered
from casestudies.editorial.views.authoring import AuthorRequiredMixin


class CoAuthorSuggestView(AuthorRequiredMixin, View):
    """/me/co-authors/suggest/?coauthor-q=: the members found, each with the button that adds them.
    Only the form's list uses it: someone who opens the address goes to their case studies."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not request.htmx:
            return redirect("casestudies:mine")
        text = request.GET.get(f"{PREFIX}-q", "").strip()[:200]
        found = co_authors_offered(request.user, text)
        return render(request, "casestudies/authoring/co_author_found.html", {"found": found, "text": text})
