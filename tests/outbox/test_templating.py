"""Emails are Jinja2 templates (outbox/templating.py): what their filters and escaping do."""

from django.template import engines

from tests.outbox.conftest import use_email_template_dirs


def render(source: str, **context) -> str:
    # Templates made from a string are escaped, as .html files are.
    return engines["emails"].from_string(source).render(context)


def test_line_breaks_become_br_and_the_text_between_them_is_escaped():
    assert render("{{ message|linebreaksbr }}", message="Fish & chips\r\n<b>Friday</b>\ror\nSaturday") == (
        "Fish &amp; chips<br>&lt;b&gt;Friday&lt;/b&gt;<br>or<br>Saturday"
    )


def test_pluralize_adds_the_suffix_unless_the_count_is_one():
    source = "{{ n }} place{{ n|pluralize }}, {{ n }} box{{ n|pluralize('es') }}"
    assert [render(source, n=n) for n in (0, 1, 2)] == [
        "0 places, 0 boxes",
        "1 place, 1 box",
        "2 places, 2 boxes",
    ]


def test_a_missing_value_renders_as_nothing_even_through_its_attributes():
    assert render("[{{ more.events.count }}]{% if more.events %}shown{% endif %}", more={}) == "[]"


def test_html_parts_are_escaped_and_plain_text_parts_are_not_and_both_keep_their_last_line_break(settings, tmp_path):
    (tmp_path / "emails").mkdir()
    (tmp_path / "emails" / "sample.html").write_text("<p>{{ name }}</p>\n")
    (tmp_path / "emails" / "sample.txt").write_text("{{ name }}\n")
    use_email_template_dirs(settings, [tmp_path])

    html = engines["emails"].get_template("emails/sample.html").render({"name": "O'Brien & <Co>"})
    text = engines["emails"].get_template("emails/sample.txt").render({"name": "O'Brien & <Co>"})
    assert html == "<p>O&#39;Brien &amp; &lt;Co&gt;</p>\n"
    assert text == "O'Brien & <Co>\n"


def test_a_name_is_looked_up_in_a_dict_before_its_attributes_as_in_django_templates():
    assert render("{{ more.items }} {{ more.count }}", more={"items": "three", "count": 2}) == "three 2"
    assert render("{% for key, value in more.items() %}{{ key }}={{ value }}{% endfor %}", more={"a": 1}) == "a=1"


def test_attributes_of_objects_other_than_dicts_are_read_as_before():
    class Member:
        name = "Ada"

    assert render("{{ member.name }} {{ names[0] }}", member=Member(), names=["Grace"]) == "Ada Grace"
