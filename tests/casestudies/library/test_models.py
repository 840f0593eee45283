import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from casestudies.library.models import CaseStudy, Status
from casestudies.library.validators import ATTACHMENT_MAX_BYTES, validate_attachment
from tests.casestudies.factories import (
    CaseStudyFactory,
    ExternalAuthorFactory,
    OutcomeMeasureFactory,
    TopicFactory,
)
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


class TestVisibility:
    def test_anonymous_visitors_see_only_published_case_studies(self, django_user_model):
        published = CaseStudyFactory()
        CaseStudyFactory(status=Status.DRAFT)
        CaseStudyFactory(status=Status.SUBMITTED)
        from django.contrib.auth.models import AnonymousUser

        assert list(CaseStudy.objects.visible_to(AnonymousUser())) == [published]

    def test_members_see_published_ones_and_their_own_in_any_status(self):
        member = UserFactory()
        published = CaseStudyFactory()
        own_draft = CaseStudyFactory(status=Status.DRAFT, author=member)
        CaseStudyFactory(status=Status.DRAFT)
        assert set(CaseStudy.objects.visible_to(member)) == {published, own_draft}

    def test_a_case_study_with_two_member_authors_appears_once(self):
        first, second = UserFactory(), UserFactory()
        case_study = CaseStudyFactory(author=first)
        case_study.authors.create(member=second)
        assert list(CaseStudy.objects.visible_to(first)) == [case_study]

    def test_curators_see_every_case_study(self, curator):
        CaseStudyFactory()
        CaseStudyFactory(status=Status.DRAFT)
        CaseStudyFactory(status=Status.ARCHIVED)
        assert CaseStudy.objects.visible_to(curator).count() == 3

    def test_an_inactive_curator_sees_only_published_ones(self):
        former = UserFactory(is_staff=True, is_active=False)
        CaseStudyFactory(status=Status.DRAFT)
        assert CaseStudy.objects.visible_to(former).count() == 0


class TestRenderingOnSave:
    @pytest.mark.parametrize(
        "markdown",
        [
            "Hello <script>alert(1)</script>",
            "[click](javascript:alert(1))",
            '<a href="#" onclick="alert(1)">x</a>',
            '<img src="x" onerror="alert(1)">',
            "Text <IMG SRC=x ONERROR=alert(1)> more",
        ],
    )
    def test_dangerous_markup_in_markdown_is_removed(self, markdown):
        case_study = CaseStudyFactory(problem=markdown)
        html = case_study.problem_html.lower()
        assert "<script" not in html
        assert "javascript:" not in html
        assert "onclick" not in html
        assert "onerror" not in html
        assert "<img" not in html

    def test_markdown_becomes_headings_lists_and_safe_links(self):
        case_study = CaseStudyFactory(actions="## Cycle one\n\n- mapped\n- tested\n\n[report](https://example.org)")
        assert "<h2>Cycle one</h2>" in case_study.actions_html
        assert "<li>mapped</li>" in case_study.actions_html
        assert 'href="https://example.org"' in case_study.actions_html
        assert 'rel="nofollow noopener noreferrer"' in case_study.actions_html

    def test_reading_time_counts_two_hundred_words_a_minute(self):
        case_study = CaseStudyFactory(
            summary="word " * 10, problem="word " * 390, actions="", results="", lessons="", next_steps=""
        )
        assert case_study.reading_minutes == 2

    def test_a_partial_save_still_renders_the_changed_section(self):
        case_study = CaseStudyFactory()
        case_study.lessons = "**Measure** weekly"
        case_study.save(update_fields=["lessons"])
        case_study.refresh_from_db()
        assert case_study.lessons_html == "<p><strong>Measure</strong> weekly</p>"

    def test_sections_lists_only_those_with_text_in_reading_order(self):
        case_study = CaseStudyFactory(lessons="", next_steps="")
        assert [heading for heading, _ in case_study.sections()] == [
            "The problem and its context",
            "What we did",
            "Results and impact",
        ]


class TestSearchVector:
    def test_the_vector_holds_title_taxonomy_and_outcome_words(self):
        case_study = CaseStudyFactory(title="Faster discharge", topics=[TopicFactory(name="Patient flow")])
        OutcomeMeasureFactory(case_study=case_study, label="Bed occupancy")
        case_study.refresh_from_db()
        vector = str(case_study.search_vector)
        assert "'discharg':" in vector
        assert "'flow':" in vector
        assert "'occup':" in vector


class TestAuthorsAndOutcomes:
    def test_external_co_authors_are_named_without_an_account(self):
        author = ExternalAuthorFactory(name="Dr Ada Okafor")
        assert author.is_external
        assert author.display_name == "Dr Ada Okafor"

    def test_outcome_change_is_a_whole_percentage(self):
        assert OutcomeMeasureFactory(before=21, after=8).change_percent == -62
        assert OutcomeMeasureFactory(before=0, after=8).change_percent is None


class TestAttachmentValidation:
    def test_a_pdf_is_accepted(self):
        validate_attachment(SimpleUploadedFile("report.pdf", b"%PDF-1.4\n%%EOF\n"))

    @pytest.mark.parametrize(
        ("name", "content"),
        [
            ("diagram.pdf", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
            ("page.docx", b"<html><body>hi</body></html>"),
            ("notes.pdf", b"just text"),
        ],
    )
    def test_a_file_whose_content_is_not_an_accepted_type_is_refused(self, name, content):
        with pytest.raises(ValidationError, match="must be a PDF"):
            validate_attachment(SimpleUploadedFile(name, content))

    def test_a_file_over_the_limit_is_refused(self):
        big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * ATTACHMENT_MAX_BYTES)
        with pytest.raises(ValidationError, match="the limit is"):
            validate_attachment(big)
