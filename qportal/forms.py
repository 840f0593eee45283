from django.forms.renderers import TemplatesSetting


class PortalFormRenderer(TemplatesSetting):
    """Renders every form with NHS.UK frontend markup and an error summary."""

    form_template_name = "includes/forms/form.html"
    field_template_name = "includes/forms/field.html"
