"""An outbox message becomes the same bytes as the email package alone would make of it
(outbox/mime.py), with headers too long for a line still folded."""

from email import message_from_bytes
from email.policy import compat32, default

import pytest

from outbox.mime import HEADER_LINE_LENGTH, OutboxMessage

LONG_URL = "https://portal.example.org/unsubscribe/" + "Wzk5OTksImRpZ2VzdCJd" * 4 + "/"


def message(subject: str, **headers) -> OutboxMessage:
    made = OutboxMessage(
        subject=subject,
        body="Hello Ada,\n\nWhat is new for you.\n",
        from_email="Improvement portal <no-reply@portal.example.org>",
        to=["ada.lovelace@example.org"],
        headers={"Message-ID": "<1@portal.example.org>", "Auto-Submitted": "auto-generated", **headers},
    )
    made.attach_alternative("<p>Hello Ada,</p>\n<p>What is new for you.</p>\n", "text/html")
    return made


@pytest.mark.parametrize(
    ("subject", "headers"),
    [
        ("What is new for you", {}),
        ("What is new for you: " + "a reducing falls on older people's wards project " * 3, {}),
        ("Ce qui est nouveau pour vous, Zoë", {}),
        ("  Spaces at either end  ", {}),
        ("Short", {"List-Unsubscribe": f"<{LONG_URL}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}),
    ],
)
def test_the_bytes_are_those_the_email_package_makes(subject, headers):
    mime = message(subject, **headers).message()

    quick = mime.as_bytes(linesep="\r\n")
    mime.policy = compat32
    assert quick == mime.as_bytes(linesep="\r\n")


def test_a_header_too_long_for_its_line_is_still_folded_and_reads_back_whole():
    subject = "What is new for you: " + "reducing falls on older people's wards " * 4
    raw = message(subject, **{"List-Unsubscribe": f"<{LONG_URL}>"}).message().as_bytes(linesep="\r\n")

    head = raw.split(b"\r\n\r\n", 1)[0].decode()
    subject_lines = head.split("Subject: ", 1)[1].split("\r\nFrom: ", 1)[0].split("\r\n")
    assert len(subject_lines) > 1
    assert all(len(line) <= HEADER_LINE_LENGTH for line in ["Subject: " + subject_lines[0], *subject_lines[1:]])
    parsed = message_from_bytes(raw, policy=default)
    assert parsed["Subject"] == subject.strip()
    assert parsed["List-Unsubscribe"].strip() == f"<{LONG_URL}>"


def test_each_message_has_a_boundary_of_its_own_that_its_parts_do_not_contain():
    first, second = message("One").message(), message("One").message()

    assert first.get_boundary() != second.get_boundary()
    assert all(first.get_boundary() not in part.get_payload() for part in first.get_payload())
