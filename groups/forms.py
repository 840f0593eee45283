from django import forms
from django.utils.text import slugify

from members.models import User

from .models import Group, Post

MAX_COVER_BYTES = 5 * 1024 * 1024
# Paths under /groups/ that are pages of their own, not groups.
RESERVED_SLUGS = {"new", "invitations"}
# Hints are shown as HTML; the Markdown is in <code> so that it reads as what to type.
MARKDOWN_HINT = "Markdown: <code>**bold**</code>, <code>*italic*</code>, lists and links."


class GroupForm(forms.ModelForm):
    """What moderators may edit about their group."""

    class Meta:
        model = Group
        fields = ["name", "summary", "description", "topics", "visibility", "cover_image", "cover_image_alt"]
        widgets = {
            "visibility": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 8}),
            "topics": forms.CheckboxSelectMultiple,
        }
        help_texts = {"description": "What the group is for. " + MARKDOWN_HINT}

    def clean_cover_image(self):
        image = self.cleaned_data.get("cover_image")
        if image and getattr(image, "size", 0) > MAX_COVER_BYTES:
            raise forms.ValidationError("The cover image must be smaller than 5 MB.")
        return image

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("cover_image") and not (cleaned.get("cover_image_alt") or "").strip():
            # An empty description is allowed for decoration, but a cover is rarely only that.
            self.add_error("cover_image_alt", "Describe the cover image for people who cannot see it.")
        return cleaned


class GroupCreateForm(GroupForm):
    """Curators create a group and name its first moderators."""

    moderators = forms.CharField(
        label="First moderators",
        help_text="Email addresses of members, one per line or separated by commas.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta(GroupForm.Meta):
        pass

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        slug = slugify(name)
        if not slug:
            raise forms.ValidationError("Give the group a name with some letters or numbers in it.")
        if slug in RESERVED_SLUGS or Group.objects.filter(slug=slug).exists():
            raise forms.ValidationError("A group with this name, or one very like it, already exists.")
        return name

    def clean_moderators(self):
        addresses = {
            User.objects.normalize_email(part)
            for part in self.cleaned_data["moderators"].replace(",", "\n").split()
            if part.strip()
        }
        if not addresses:
            raise forms.ValidationError("Name at least one moderator.")
        users = list(User.objects.filter(email__in=addresses, is_active=True))
        missing = sorted(addresses - {user.email for user in users})
        if missing:
            raise forms.ValidationError(f"No member has the address {', '.join(missing)}. They must sign up first.")
        return users


class InvitationForm(forms.Form):
    email = forms.EmailField(label="Email address of the person to invite", max_length=254)


class ModeratorAddForm(forms.Form):
    email = forms.EmailField(label="Email address of the new moderator", max_length=254)

    def clean_email(self):
        user = User.objects.with_email(self.cleaned_data["email"]).filter(is_active=True).first()
        if user is None:
            raise forms.ValidationError("No member has this address. They must sign up first.")
        return user


class ThreadForm(forms.Form):
    title = forms.CharField(max_length=200)
    body = forms.CharField(
        label="Your message",
        max_length=20000,
        help_text=MARKDOWN_HINT,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError("Enter a title.")
        return title


class PostForm(forms.ModelForm):
    class Meta:
        model = Post
        fields = ["body"]
        labels = {"body": "Your reply"}
        help_texts = {"body": MARKDOWN_HINT}
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}


class HideForm(forms.Form):
    reason = forms.CharField(
        label="Why are you hiding this post?", max_length=300, help_text="Members of the group see this reason."
    )


class ReportForm(forms.Form):
    reason = forms.CharField(
        label="What is wrong with this post?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Only the group's moderators see your report.",
    )
