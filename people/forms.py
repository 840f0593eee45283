from django import forms

from casestudies.library.models import Region, Topic

from .models import MESSAGE_MAX_LENGTH, WorkProfile


class DirectoryForm(forms.Form):
    """Finding members; every field is optional, and a term that does not exist is explained."""

    name = forms.CharField(label="Name", max_length=150, required=False)
    organisation = forms.CharField(label="Organisation", max_length=200, required=False)
    topic = forms.ModelChoiceField(
        queryset=Topic.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label="Any topic",
        error_messages={"invalid_choice": "There is no such topic. Choose one from the list."},
    )
    region = forms.ModelChoiceField(
        queryset=Region.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label="Any region",
        error_messages={"invalid_choice": "There is no such region. Choose one from the list."},
    )


class MessageForm(forms.Form):
    text = forms.CharField(
        label="Your message",
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="They see your name and your message, never your email address.",
        error_messages={"required": "Write your message."},
    )


class ReportForm(forms.Form):
    reason = forms.CharField(
        label="What is wrong with this message? (optional)",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class WorkProfileForm(forms.ModelForm):
    class Meta:
        model = WorkProfile
        fields = ["topics", "region"]
        widgets = {"topics": forms.CheckboxSelectMultiple}
        help_texts = {
            "topics": "Members looking for others who work on a topic find you by these.",
            "region": "Where you work, so that people nearby can find you.",
        }
