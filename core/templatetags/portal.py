"""Template helpers shared by every app: NHS.UK form markup and small formatting filters."""

import datetime
from typing import Any

from django import forms, template
from django.conf import settings
from django.core.paginator import Page
from django.forms import BoundField
from django.utils import timezone

from core.pagination import PageLinks, page_links_keeping

register = template.Library()


@register.simple_tag
def page_links(page: Page[Any], filters: str = "") -> PageLinks:
    """`{% page_links page_obj filter_query as page_links %}`, for templates/includes/pagination.html."""
    return page_links_keeping(page, filters)


@register.simple_tag
def site_name() -> str:
    """The site's name for templates rendered without a request, so without context processors (500.html)."""
    return settings.SITE_NAME


@register.filter
def widget_kind(field: BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return "choices"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return "file"
    return "input"


@register.filter
def is_multiple(field: BoundField) -> bool:
    return isinstance(field.field.widget, forms.CheckboxSelectMultiple)


@register.filter
def nhsuk_widget(field: BoundField, css_class: str) -> str:
    """Renders the field's widget with the design system's class and its error state."""
    attrs = dict(field.field.widget.attrs)
    classes = [css_class]
    if field.errors:
        classes.append(f"{css_class}--error")
    if attrs.get("class"):
        classes.append(attrs["class"])
    described_by = [attrs.get("aria-describedby", "")]
    if field.help_text:
        described_by.append(f"{field.auto_id}_helptext")
    if field.errors:
        described_by.append(f"{field.auto_id}_error")
    attrs["class"] = " ".join(classes)
    if any(described_by):
        attrs["aria-describedby"] = " ".join(part for part in described_by if part)
    return field.as_widget(attrs=attrs)


@register.filter
def machine_time(value: datetime.datetime | datetime.date | None) -> str:
    """A `<time datetime>` value: HTML allows at most three digits of a second's fraction, and
    nobody reading the page needs any, so the time is given in whole seconds."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    return value.isoformat()
