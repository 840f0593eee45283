"""Signed unsubscribe tokens, one per member and stream.

The token is signed with SECRET_KEY and a salt of its own, and holds nothing tied to the
password, so an old email's link keeps working after a password change; it expires never,
because people unsubscribe from mail they received long ago.
"""

from django.core import signing

from .models import Stream


def _signer() -> signing.Signer:
    return signing.Signer(salt="outbox.unsubscribe")


class InvalidToken(Exception):
    """The token was not made by this site, was cut short, or names no stream."""


def unsubscribe_token(*, user_id: int, stream: str) -> str:
    return _signer().sign_object([user_id, stream])


def read_unsubscribe_token(token: str) -> tuple[int, Stream]:
    try:
        user_id, stream = _signer().unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError, UnicodeDecodeError) as error:
        raise InvalidToken(str(error)) from error
    if not isinstance(user_id, int) or stream not in Stream.optional():
        raise InvalidToken("The token names no stream that can be turned off.")
    return user_id, Stream(stream)
