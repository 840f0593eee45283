"""The multipart message of an outbox row, made into bytes with less of the email package's work.

A digest round turns thousands of messages into bytes, and the email package's general
algorithms (folding every header, drawing a boundary and searching the message for it) took
more of the worker's time than rendering the templates. What is skipped here cannot change the
bytes a mail server receives: headers that need no folding are written as they are, and the
boundary is one that cannot occur in the parts.
"""

import secrets
from email.policy import Compat32

from django.core.mail import EmailMultiAlternatives

# RFC 5322 section 2.1.1: a header line should be at most 78 characters, and Compat32 folds at that.
HEADER_LINE_LENGTH = 78


class QuickFolding(Compat32):
    """Compat32, the policy Django's messages use, but a header that fits on its line in plain
    ASCII is written without going through the email.header folding machinery, which leaves
    such a header unchanged anyway. Anything else is folded as before."""

    def _fits(self, name: str, value) -> bool:
        limit = self.max_line_length or HEADER_LINE_LENGTH
        return (
            isinstance(value, str)
            and value.isascii()
            and len(name) + 2 + len(value) <= limit
            and "\n" not in value
            and "\r" not in value
            and value == value.strip()
        )

    def fold(self, name: str, value) -> str:
        if self._fits(name, value):
            return f"{name}: {value}{self.linesep}"
        return super().fold(name, value)

    def fold_binary(self, name: str, value) -> bytes:
        # What the bytes generator calls: the same short cut, as ASCII bytes.
        if self._fits(name, value):
            return f"{name}: {value}{self.linesep}".encode("ascii")
        return super().fold_binary(name, value)


QUICK_FOLDING = QuickFolding()


class OutboxMessage(EmailMultiAlternatives):
    def message(self):
        mime = super().message()
        # The generator hands the top level's policy down to every part.
        mime.policy = QUICK_FOLDING
        if mime.is_multipart():
            # A random 128-bit boundary cannot turn up in the parts, which were written before it
            # was drawn. Left to itself, the email package draws a shorter one and searches the
            # whole message for it with a regular expression compiled afresh.
            mime.set_boundary(f"=_{secrets.token_hex(16)}")
        return mime
