"""Forms of the curators' pages: decisions on submissions, reviewers, collections and taxonomy merges."""

from typing import Any

from django import forms
from django.forms.models import inlineformset_factory

from casestudies.editorial.forms.rows import MAX_COLLECTION_ITEMS, RowsFormSet, row_limits
from casestudies.editorial.review_diff import NOTE_FIELDS
from casestudies.library import taxonomy
from casestudies.library.models import CaseStudy, Collection, CollectionItem, Topic
from members.models import User


class DecisionForm(forms.Form):
    PUBLISH = "publish"
    REQUEST_CHANGES = "request_changes"
    DECLINE = "decline"

    decision = forms.ChoiceField(
        label="Your decision",
        widget=forms.RadioSelect,
        choices=[
            (PUBLISH, "Publish it"),
            (REQUEST_CHANGES, "Ask the authors for changes"),
            (DECLINE, "Decline it"),
        ],
    )
    message = forms.CharField(
        label="Message to the authors",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        required=False,
        help_text="Needed when you ask for changes or decline: say what to change, or why. "
        "It is emailed to the authors and kept in the conversation.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A note for each part the authors may need to change, shown beside that part when they edit.
        for key, label in NOTE_FIELDS:
            self.fields[f"note_{key}"] = forms.CharField(
                label=str(label), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
            )

    def note_fields(self) -> list[forms.BoundField]:
        return [self[f"note_{key}"] for key, _label in NOTE_FIELDS]

    def field_notes(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(f"note_{key}", "") for key, _label in NOTE_FIELDS}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("decision") in {self.REQUEST_CHANGES, self.DECLINE} and not cleaned.get("message", "").strip():
            self.add_error("message", "Write a message to the authors: what to change, or why it is declined.")
        return cleaned


class AssignForm(forms.Form):
    reviewer = forms.ModelChoiceField(
        label="Reviewer", queryset=User.objects.none(), required=False, empty_label="Nobody yet"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = User.objects.curators().order_by("name")


class CollectionForm(forms.ModelForm):
    # Not a model field here: featuring this collection unfeatures the other one
    # (curation.collection_save), so the one-featured constraint is not the curator's error to fix.
    featured = forms.BooleanField(label="Feature this collection on the home page", required=False)

    class Meta:
        model = Collection
        fields = ["title", "slug", "introduction"]
        labels = {"slug": "Web address name"}
        help_texts = {
            "slug": "Lower-case words joined by hyphens, such as winter-pressures for the address "
            "/collections/winter-pressures/.",
            "introduction": "Why these case studies belong together. Markdown.",
        }
        widgets = {"introduction": forms.Textarea(attrs={"rows": 6})}

    field_order = ["title", "slug", "introduction", "featured"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["featured"].initial = self.instance.featured


class CollectionItemForm(forms.ModelForm):
    """One item: its case study and place are fixed here (added through the search, moved with the
    buttons), so the page never lists every case study in a drop-down."""

    class Meta:
        model = CollectionItem
        fields = ["case_study", "position", "note"]
        labels = {"note": "Why it is in the collection"}
        widgets = {"case_study": forms.HiddenInput, "position": forms.HiddenInput}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case_study"].queryset = CaseStudy.objects.published()


class CollectionItemsFormSet(RowsFormSet):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Each row's legend names its case study: read them with the rows, in one query.
        kwargs.setdefault("queryset", CollectionItem.objects.select_related("case_study"))
        super().__init__(*args, **kwargs)

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Take it out of the collection"


# A collection is read as one page; a hundred items is already more than anyone reads.
CollectionItemFormSet = inlineformset_factory(
    Collection,
    CollectionItem,
    form=CollectionItemForm,
    formset=CollectionItemsFormSet,
    extra=0,
    can_delete=True,
    **row_limits(MAX_COLLECTION_ITEMS),
)


class CollectionSearchForm(forms.Form):
    q = forms.CharField(
        label="Find a case study to add",
        required=False,
        max_length=200,
        help_text="Words from its title or the name of its organisation.",
    )


class CollectionEditor:
    """A collection and its ordered items, validated and saved together."""

    def __init__(self, data: Any = None, *, instance: Collection | None = None) -> None:
        self.form = CollectionForm(data, instance=instance)
        self.items = CollectionItemFormSet(data, instance=instance or Collection(), prefix="items")

    def is_valid(self) -> bool:
        return all([self.form.is_valid(), self.items.is_valid()])

    def save_items(self, collection: Collection) -> bool:
        """Saves the items; returns whether any changed."""
        self.items.instance = collection
        changed = False
        for form in self.items.forms:
            if self.items._should_delete_form(form):
                if form.instance.pk:
                    form.instance.delete()
                    changed = True
                continue
            if not form.has_changed():
                continue
            item = form.save(commit=False)
            item.collection = collection
            item.save()
            changed = True
        return changed


class TermMergeForm(forms.Form):
    """Two terms of one kind: the first is folded into the second, which keeps every case study tagged."""

    source = forms.ModelChoiceField(label="Merge this term (it will be removed)", queryset=Topic.objects.none())
    target = forms.ModelChoiceField(label="Into this term (it is kept)", queryset=Topic.objects.none())

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, auto_id=f"id_{kind}_%s", **kwargs)
        terms = taxonomy.BY_KEY[kind].model.objects.order_by("name")
        for name in ("source", "target"):
            self.fields[name].queryset = terms

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("source") and cleaned.get("source") == cleaned.get("target"):
            self.add_error("target", "Choose a different term to merge into.")
        return cleaned
