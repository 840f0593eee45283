"""`{% link %}` (core.addresses): the same addresses as `{% url %}`, remembered for the process."""

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, set_script_prefix


def _render(text: str, **context) -> str:
    return Template("{% load portal %}" + text).render(Context(context))


@pytest.mark.parametrize(
    "tag",
    [
        "'groups:threads' slug",
        "'groups:threads' slug=slug",
        "'events:list'",
        "'casestudies:feed'",
        "'follow' 'topic' 'a&b'",
    ],
)
def test_link_gives_what_url_gives(tag):
    for _twice in range(2):
        assert _render(f"{{% link {tag} %}}", slug="flow-coaches") == _render(f"{{% url {tag} %}}", slug="flow-coaches")


def test_link_as_a_variable_and_a_missing_name_as_url_does():
    assert _render("{% link 'no-such-page' as found %}[{{ found }}]") == "[]"
    with pytest.raises(NoReverseMatch):
        _render("{% link 'no-such-page' %}")


def test_an_address_follows_the_script_prefix_it_is_asked_under():
    try:
        set_script_prefix("/portal/")
        assert _render("{% link 'events:list' %}") == "/portal/events/"
    finally:
        set_script_prefix("/")
    assert _render("{% link 'events:list' %}") == "/events/"
