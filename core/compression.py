"""Compressed HTML for visitors who are not signed in; never for a signed-in member.

BREACH guesses a secret in a compressed page from the page's length, given text of the attacker's
choosing reflected beside it (a search, a form value) and many requests sent with the victim's
cookies. Which pages carry a secret decides where compression is safe:

- A visitor's page carries none but a CSRF token on pages with a form (sign in, sign up, password
  reset). Django writes that token masked afresh in every response, so there is nothing stable to
  guess, and Django 5.2's GZipMiddleware also pads each response with up to 100 random bytes
  ("Heal the Breach"). These pages are the most read (search, the library, case studies), so they
  are compressed: the demo's list page goes from 52 KB to 7 KB.
- A signed-in member's every page carries a CSRF token (the header's sign-out form) and often
  other secrets that are not masked: the address of their private calendar feed, recovery codes,
  their email address, a new API key. The session cookie is SameSite=Lax, which keeps it off
  other sites' sub-requests, but a top-level navigation still carries it, so these pages are
  sent uncompressed rather than rest on the padding alone.

Only HTML is compressed here; static files are compressed ahead of time by whitenoise, and the
reverse proxy may compress the rest (see docs/deployment.md).
"""

from django.http import HttpRequest, HttpResponseBase
from django.middleware.gzip import GZipMiddleware


class VisitorPageCompressionMiddleware(GZipMiddleware):
    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        # A page kept for visitors is served before the session is read: no `user` then.
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return response
        return super().process_response(request, response)
