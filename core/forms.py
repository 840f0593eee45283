from typing import Any

from django.forms.renderers import BaseRenderer, TemplatesSetting
from django.forms.utils import flatatt
from django.forms.widgets import Select
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


class PortalFormRenderer(TemplatesSetting):
    """Renders every form with NHS.UK frontend markup and an error summary."""

    form_template_name = "includes/forms/form.html"
    field_template_name = "includes/forms/field.html"


class LongSelect(Select):
    """A select whose options are written in Python rather than through a template each: a
    list of hundreds of groups took a fifth of a second a page through the option templates.
    Takes flat choices only (no option groups)."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: BaseRenderer | None = None
    ) -> SafeString:
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        selected = {str(chosen) for chosen in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (choice, mark_safe(" selected") if str(choice) in selected else "", label)
                for choice, label in self.choices
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(final_attrs), options)
