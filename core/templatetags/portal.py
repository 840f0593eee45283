"""Template helpers shared by every app: NHS.UK form markup and small formatting filters."""

import datetime
from typing import Any

from django import forms, template
from django.conf import settings
from django.core.paginator import Page
from django.forms import BoundField
from django.template import defaulttags
from django.template.defaulttags import URLNode
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.html import conditional_escape

from core.addresses import address
from core.pagination import PageLinks, page_links_keeping

register = template.Library()


class LinkNode(URLNode):
    """`{% url %}`, with the address worked out once a process (core.addresses)."""

    def render(self, context: template.Context) -> str:
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {key: value.resolve(context) for key, value in self.kwargs.items()}
        try:
            found = address(self.view_name.resolve(context), args, kwargs, _current_app(context))
        except NoReverseMatch:
            if self.asvar is None:
                raise
            found = ""
        if self.asvar:
            context[self.asvar] = found
            return ""
        return conditional_escape(found) if context.autoescape else found


def _current_app(context: template.Context) -> str | None:
    # As {% url %} reads it.
    request = getattr(context, "request", None)
    current_app = getattr(request, "current_app", None)
    if current_app is None:
        current_app = getattr(getattr(request, "resolver_match", None), "namespace", None)
    return current_app


@register.tag
def link(parser: template.base.Parser, token: template.base.Token) -> LinkNode:
    """`{% link 'groups:threads' group.slug %}`: as `{% url %}` (and as it is written), for addresses
    on every request's path."""
    node = defaulttags.url(parser, token)
    return LinkNode(node.view_name, node.args, node.kwargs, node.asvar)


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
