"""The form on a measure's data page: its rows, a paste box and a CSV upload (casestudies.library.series reads them)."""

from django import forms

from casestudies.library.models import BetterDirection

BLANK_ROWS = 6
MORE_ROWS = 12


class PointRowForm(forms.Form):
    """One row as typed: read by casestudies.library.series, so every bad row gets its own message."""

    on = forms.CharField(
        label="Date",
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"class": "nhsuk-input nhsuk-input--width-10"}),
    )
    value = forms.CharField(
        label="Value",
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"class": "nhsuk-input nhsuk-input--width-5", "inputmode": "decimal"}),
    )
    note = forms.CharField(
        label="Note", required=False, max_length=200, widget=forms.TextInput(attrs={"class": "nhsuk-input"})
    )


PointRowFormSet = forms.formset_factory(PointRowForm, extra=0, max_num=600, absolute_max=600)


class SeriesForm(forms.Form):
    better = forms.ChoiceField(
        label="Which way is better?",
        choices=BetterDirection.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text="So the chart can say whether a signal is an improvement or a concern.",
    )
    change_from = forms.CharField(
        label="When the change began",
        required=False,
        max_length=40,
        help_text="The date of the first point after you made the change, for example 2026-03-02. The chart "
        "works out its centre line and limits again from there.",
    )
    pasted = forms.CharField(
        label="Paste from a spreadsheet",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=60_000,
        help_text="One point a line: date, value and, if you like, a note. This replaces the rows below.",
    )
    upload = forms.FileField(
        label="Or upload a CSV file",
        required=False,
        help_text="Columns: date, value, note. A heading line is fine. This replaces the rows below.",
    )
