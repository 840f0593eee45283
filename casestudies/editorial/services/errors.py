"""What an editorial step raises when it cannot happen now."""


class ReviewError(Exception):
    """A review step that cannot happen now; the message says why, in words for the person who tried."""


class StaleEdit(ReviewError):
    """The case study changed since the form was opened; nothing was saved."""


class IncompleteSubmission(ReviewError):
    def __init__(self, missing: list[str]) -> None:
        self.missing = missing
        super().__init__("Before it can be submitted for review, add " + ", ".join(missing) + ".")
