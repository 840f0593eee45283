"""Forms of the spread pages: recording an adaptation, asking the authors a question, replying to it
and reporting it."""

from typing import Any

from django import forms

from casestudies.library.models import CaseStudy
from casestudies.spread.models import QUESTION_MAX_LENGTH, Adaptation, AuthorQuestion, AuthorReply
from members.models import User


class AdaptationForm(forms.ModelForm):
    """What a member records when their organisation takes up a case study; `adapted_as` offers only their own."""

    class Meta:
        model = Adaptation
        fields = ["organisation", "changes", "status", "adapted_as"]
        widgets = {"changes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"adapted_as": "If you have written up your adaptation as a case study, link it here."}

    def __init__(self, *args: Any, member: User, case_study: CaseStudy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["adapted_as"].queryset = (
            CaseStudy.objects.authored_by(member).exclude(pk=case_study.pk).filter(revision_of__isnull=True)
        )
        self.fields["adapted_as"].required = False
        self.fields["adapted_as"].empty_label = "Not yet"
        if not self.is_bound and member.organisation:
            self.initial.setdefault("organisation", member.organisation)


class AuthorQuestionForm(forms.ModelForm):
    """A question to the authors: plain text, shown to them as written and never as HTML."""

    class Meta:
        model = AuthorQuestion
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}
        # What the authors see is said once, above the form.
        help_texts = {"text": f"Up to {QUESTION_MAX_LENGTH:,} characters."}


class AuthorReplyForm(forms.ModelForm):
    class Meta:
        model = AuthorReply
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "text": f"Up to {QUESTION_MAX_LENGTH:,} characters. "
            "We email your reply with your name, but not your email address."
        }


class QuestionReportForm(forms.Form):
    reason = forms.CharField(
        label="What is wrong with this message?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Only the site's curators see your report.",
    )
