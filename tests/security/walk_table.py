"""The walk's table: for every URL pattern, the addresses to visit and what each role should get."""

from tests.security.walk import (
    AWAY,
    BAD,
    DENIED,
    LOGIN,
    NOT_ALLOWED,
    OK,
    Visit,
    World,
    curators_only,
    expect,
    signed_in,
)

PUBLISHED = "/case-studies/walk-published/"
DRAFT = "/case-studies/walk-draft/"
SUBMITTED = "/case-studies/walk-submitted/"
REVIEW = "/review/case-studies/walk-submitted/"
EVENT = "/events/walk-event/"
MANAGERS = signed_in(DENIED, moderator=OK, curator=OK)
GROUP = "/groups/walk-group/"
GROUP_MEMBERS = signed_in(DENIED, member=OK, moderator=OK)
# Buttons (POST only): a GET is refused as the role would be refused, else 405.
SIGNED_IN_BUTTON = signed_in(NOT_ALLOWED)
MEMBERS_BUTTON = signed_in(DENIED, member=NOT_ALLOWED, moderator=NOT_ALLOWED)
MANAGERS_BUTTON = signed_in(DENIED, moderator=NOT_ALLOWED, curator=NOT_ALLOWED)


def thread_url(world: World) -> str:
    return f"{GROUP}discussion/{world.objects['thread'].pk}/"


def post_url(world: World) -> str:
    return f"{GROUP}posts/{world.objects['opening_post'].pk}/"


POST_ONLY_FOR_CURATORS = expect(DENIED, anonymous=LOGIN, curator=NOT_ALLOWED)

TABLE: dict[str, list[Visit]] = {
    "": [Visit("/", expect(OK))],
    "healthz": [Visit("/healthz", expect(OK))],
    "sitemap.xml": [Visit("/sitemap.xml", expect(OK))],
    "robots.txt": [Visit("/robots.txt", expect(OK))],
    "favicon.ico": [Visit("/favicon.ico", expect(AWAY))],
    "about/": [Visit("/about/", expect(OK))],
    "privacy/": [Visit("/privacy/", expect(OK))],
    "accessibility/": [Visit("/accessibility/", expect(OK))],
    # Accounts (allauth)
    "accounts/login/": [Visit("/accounts/login/", signed_in(AWAY, anonymous=OK))],
    "accounts/logout/": [Visit("/accounts/logout/", signed_in(OK, anonymous=AWAY))],
    "accounts/inactive/": [Visit("/accounts/inactive/", expect(OK))],
    "accounts/signup/": [Visit("/accounts/signup/", signed_in(AWAY, anonymous=OK))],
    "accounts/reauthenticate/": [Visit("/accounts/reauthenticate/", signed_in(OK))],
    "accounts/reauthenticate/code/": [Visit("/accounts/reauthenticate/code/", signed_in(OK))],
    "accounts/reauthenticate/code/confirm/": [Visit("/accounts/reauthenticate/code/confirm/", signed_in(AWAY))],
    "accounts/email/": [Visit("/accounts/email/", signed_in(OK))],
    "accounts/confirm-email/": [Visit("/accounts/confirm-email/", expect(OK))],
    "accounts/password/change/": [Visit("/accounts/password/change/", signed_in(OK))],
    "accounts/password/set/": [Visit("/accounts/password/set/", signed_in(AWAY))],
    "accounts/password/reset/": [Visit("/accounts/password/reset/", expect(OK))],
    "accounts/login/code/confirm/": [Visit("/accounts/login/code/confirm/", expect(AWAY))],
    "accounts/^confirm-email/(?P<key>[-:\\w]+)/$": [Visit("/accounts/confirm-email/not-a-key/", expect(OK))],
    "accounts/password/reset/key/done/": [Visit("/accounts/password/reset/key/done/", expect(OK))],
    "accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": [
        Visit("/accounts/password/reset/key/1-not-a-key/", expect(OK))
    ],
    "accounts/password/reset/done/": [Visit("/accounts/password/reset/done/", expect(OK))],
    "accounts/2fa/": [Visit("/accounts/2fa/", signed_in(OK))],
    "accounts/2fa/authenticate/": [Visit("/accounts/2fa/authenticate/", expect(AWAY))],
    "accounts/2fa/reauthenticate/": [Visit("/accounts/2fa/reauthenticate/", signed_in(AWAY, curator=OK))],
    "accounts/2fa/totp/activate/": [Visit("/accounts/2fa/totp/activate/", signed_in(AWAY, curator=AWAY))],
    "accounts/2fa/totp/deactivate/": [Visit("/accounts/2fa/totp/deactivate/", signed_in(DENIED, curator=AWAY))],
    "accounts/2fa/recovery-codes/": [Visit("/accounts/2fa/recovery-codes/", signed_in(DENIED, curator=AWAY))],
    "accounts/2fa/recovery-codes/generate/": [
        Visit("/accounts/2fa/recovery-codes/generate/", signed_in(AWAY, curator=AWAY))
    ],
    "accounts/2fa/recovery-codes/download/": [
        Visit("/accounts/2fa/recovery-codes/download/", signed_in(DENIED, curator=AWAY))
    ],
    "accounts/2fa/webauthn/": [Visit("/accounts/2fa/webauthn/", signed_in(OK))],
    "accounts/2fa/webauthn/add/": [Visit("/accounts/2fa/webauthn/add/", signed_in(AWAY))],
    "accounts/2fa/webauthn/reauthenticate/": [Visit("/accounts/2fa/webauthn/reauthenticate/", signed_in(AWAY))],
    "accounts/2fa/webauthn/keys/<int:pk>/remove/": [
        Visit("/accounts/2fa/webauthn/keys/999999/remove/", signed_in(AWAY))
    ],
    "accounts/2fa/webauthn/keys/<int:pk>/edit/": [Visit("/accounts/2fa/webauthn/keys/999999/edit/", signed_in(AWAY))],
    "accounts/2fa/webauthn/login/": [Visit("/accounts/2fa/webauthn/login/", expect(AWAY))],
    "accounts/sessions/": [Visit("/accounts/sessions/", signed_in(OK))],
    # The member's own pages
    "me/": [Visit("/me/", signed_in(OK))],
    "me/profile/": [Visit("/me/profile/", signed_in(OK))],
    "me/data/": [Visit("/me/data/", signed_in(OK))],
    "me/data/<str:token>/": [Visit("/me/data/not-a-token/", signed_in(DENIED))],
    # Deleting asks for the password again first (a session signed in moments ago is not enough).
    "me/delete/": [Visit("/me/delete/", signed_in(AWAY))],
    "me/bookmarks/": [Visit("/me/bookmarks/", signed_in(OK))],
    "me/settings/email/": [Visit("/me/settings/email/", signed_in(OK))],
    "me/settings/email/preview/": [Visit("/me/settings/email/preview/", signed_in(OK))],
    # Following, the welcome step, profiles and the member directory
    "follow/<str:kind>/<str:key>/": [
        Visit("/follow/topic/patient-flow/", expect(NOT_ALLOWED)),
        Visit("/follow/topic/patient-flow/", signed_in(AWAY), method="post", data={"action": "follow"}),
        Visit("/follow/topic/patient-flow/", signed_in(BAD), method="post"),
        Visit("/follow/no-such-kind/patient-flow/", signed_in(DENIED), method="post"),
    ],
    "me/welcome/": [Visit("/me/welcome/", signed_in(OK))],
    "me/profile/work/": [Visit("/me/profile/work/", signed_in(OK))],
    "members/": [Visit("/members/", signed_in(OK)), Visit("/members/?q=walk", signed_in(OK))],
    "members/<int:pk>/": [
        Visit(lambda world: f"/members/{world.users['member'].pk}/", signed_in(OK, anonymous=DENIED)),
        Visit("/members/999999/", expect(DENIED)),
    ],
    "members/<int:pk>/contact/": [
        Visit(lambda world: f"/members/{world.users['member'].pk}/contact/", signed_in(OK, member=DENIED)),
    ],
    "members/<int:pk>/block/": [
        Visit(lambda world: f"/members/{world.users['member'].pk}/block/", expect(NOT_ALLOWED))
    ],
    "members/messages/report/<str:token>/": [Visit("/members/messages/report/forged-token/", expect(BAD))],
    "unsubscribe/<str:token>/": [
        Visit(lambda world: f"/unsubscribe/{world.objects['unsubscribe_token']}/", expect(OK), shows_owner=True),
        Visit("/unsubscribe/forged-token/", expect(BAD)),
    ],
    # The library
    "case-studies/": [
        Visit("/case-studies/", expect(OK)),
        Visit("/case-studies/?q=walk&topic=patient-flow&sort=newest&page=1", expect(OK)),
    ],
    "case-studies/feed/": [Visit("/case-studies/feed/", expect(OK))],
    "case-studies/feed/<slug:topic>/": [
        Visit("/case-studies/feed/patient-flow/", expect(OK)),
        Visit("/case-studies/feed/no-such-topic/", expect(DENIED)),
    ],
    "case-studies/<slug:slug>/": [
        Visit(PUBLISHED, expect(OK)),
        Visit(DRAFT, expect(DENIED, member=OK, curator=OK)),
        Visit("/case-studies/no-such-case-study/", expect(DENIED)),
    ],
    "case-studies/<slug:slug>/bookmark/": [
        Visit(PUBLISHED + "bookmark/", expect(NOT_ALLOWED)),
        Visit(PUBLISHED + "bookmark/", signed_in(AWAY), method="post"),
        Visit(DRAFT + "bookmark/", signed_in(DENIED, member=AWAY, curator=AWAY), method="post"),
    ],
    "case-studies/new/": [Visit("/case-studies/new/", signed_in(OK))],
    "case-studies/<slug:slug>/edit/": [
        Visit(DRAFT + "edit/", signed_in(DENIED, member=OK)),
        Visit(PUBLISHED + "edit/", signed_in(DENIED)),
    ],
    "case-studies/<slug:slug>/measures/<int:pk>/data/": [
        Visit(lambda w: f"{DRAFT}measures/{w.objects['draft_measure'].pk}/data/", signed_in(DENIED, member=OK)),
        Visit(lambda w: f"{PUBLISHED}measures/{w.objects['published_measure'].pk}/data/", signed_in(DENIED)),
        Visit(lambda w: f"{DRAFT}measures/{w.objects['published_measure'].pk}/data/", signed_in(DENIED)),
    ],
    "case-studies/<slug:slug>/review/": [
        Visit(SUBMITTED + "review/", signed_in(DENIED, member=OK)),
        Visit(DRAFT + "review/", signed_in(DENIED, member=OK)),
    ],
    "case-studies/<slug:slug>/withdraw/": [
        Visit(SUBMITTED + "withdraw/", expect(NOT_ALLOWED)),
        Visit(SUBMITTED + "withdraw/", signed_in(DENIED, member=AWAY), method="post"),
    ],
    "case-studies/<slug:slug>/revise/": [
        Visit(PUBLISHED + "revise/", expect(NOT_ALLOWED)),
        Visit(PUBLISHED + "revise/", signed_in(DENIED), method="post"),
    ],
    "me/case-studies/": [Visit("/me/case-studies/", signed_in(OK))],
    # The options of the co-author box, for htmx; the address itself leads to the member's case studies.
    "me/co-authors/suggest/": [Visit("/me/co-authors/suggest/?coauthor-q=walk", signed_in(AWAY))],
    # Sharing: the guide, the form in steps, the preview, and a co-author taking themself off
    "case-studies/share/": [Visit("/case-studies/share/", expect(OK))],
    "case-studies/<slug:slug>/steps/<slug:step>/": [
        Visit(DRAFT + "steps/about/", signed_in(DENIED, member=OK)),
        Visit(DRAFT + "steps/no-such-step/", expect(DENIED)),
        Visit(PUBLISHED + "steps/about/", signed_in(DENIED)),
    ],
    "case-studies/<slug:slug>/preview/": [
        Visit(DRAFT + "preview/", signed_in(DENIED, member=OK)),
        Visit(PUBLISHED + "preview/", signed_in(DENIED)),
    ],
    "case-studies/<slug:slug>/leave/": [
        Visit(DRAFT + "leave/", expect(NOT_ALLOWED)),
        Visit(DRAFT + "leave/", signed_in(DENIED, member=AWAY), method="post"),
    ],
    # Organisations as people name them
    "organisations/": [Visit("/organisations/?q=walk", expect(OK))],
    # The options of the organisation box, for htmx; the address itself leads to the search page.
    "organisations/suggest/": [Visit("/organisations/suggest/?q=walk", expect(AWAY))],
    "organisations/<slug:slug>/": [
        Visit("/organisations/walk-organisation/", expect(OK)),
        # Unconfirmed: shown only to whoever added it, and to curators.
        Visit("/organisations/walk-unconfirmed/", expect(DENIED, member=OK, curator=OK)),
        Visit("/organisations/no-such-organisation/", expect(DENIED)),
    ],
    "notifications/": [Visit("/notifications/", signed_in(OK))],
    "case-studies/<slug:slug>/adapt/": [
        Visit(PUBLISHED + "adapt/", signed_in(OK)),
        Visit("/case-studies/no-such-case-study/adapt/", signed_in(DENIED)),
    ],
    "me/adaptations/": [Visit("/me/adaptations/", signed_in(OK))],
    # No draft is ever part of a lineage, so an unpublished one has no page even for its author.
    "case-studies/<slug:slug>/spread/": [
        Visit(PUBLISHED + "spread/", expect(OK)),
        Visit(DRAFT + "spread/", expect(DENIED)),
        Visit("/case-studies/no-such-case-study/spread/", expect(DENIED)),
    ],
    "case-studies/<slug:slug>/ask/": [
        Visit(PUBLISHED + "ask/", signed_in(OK)),
        Visit(PUBLISHED + "ask/", signed_in(BAD), method="post"),
        Visit(DRAFT + "ask/", signed_in(DENIED)),
    ],
    "case-studies/questions/<int:pk>/reply/": [Visit("/case-studies/questions/999999/reply/", signed_in(DENIED))],
    "case-studies/questions/report/<str:token>/": [Visit("/case-studies/questions/report/forged-token/", expect(BAD))],
    # The curators' pages
    "review/": [Visit("/review/", curators_only())],
    "review/history/": [Visit("/review/history/", curators_only())],
    "review/collections/": [Visit("/review/collections/", curators_only())],
    "review/collections/new/": [Visit("/review/collections/new/", curators_only())],
    "review/collections/<slug:slug>/": [Visit("/review/collections/walk-collection/", curators_only())],
    "review/collections/<slug:slug>/add/": [Visit("/review/collections/walk-collection/add/", POST_ONLY_FOR_CURATORS)],
    "review/organisations/": [Visit("/review/organisations/", curators_only())],
    "review/organisations/<int:pk>/confirm/": [Visit("/review/organisations/999999/confirm/", POST_ONLY_FOR_CURATORS)],
    "review/organisations/<int:pk>/merge/": [Visit("/review/organisations/999999/merge/", POST_ONLY_FOR_CURATORS)],
    "review/taxonomy/": [Visit("/review/taxonomy/", curators_only())],
    "review/taxonomy/<slug:kind>/merge/": [Visit("/review/taxonomy/topics/merge/", POST_ONLY_FOR_CURATORS)],
    "review/case-studies/<slug:slug>/": [
        Visit(REVIEW, curators_only()),
        Visit("/review/case-studies/no-such-case-study/", expect(DENIED, anonymous=LOGIN)),
    ],
    "review/case-studies/<slug:slug>/decide/": [Visit(REVIEW + "decide/", POST_ONLY_FOR_CURATORS)],
    "review/case-studies/<slug:slug>/comment/": [Visit(REVIEW + "comment/", POST_ONLY_FOR_CURATORS)],
    "review/case-studies/<slug:slug>/assign/": [
        Visit(REVIEW + "assign/", POST_ONLY_FOR_CURATORS),
        Visit(REVIEW + "assign/", expect(DENIED, anonymous=LOGIN, curator=AWAY), method="post"),
    ],
    "review/case-studies/<slug:slug>/feature/": [Visit(REVIEW + "feature/", POST_ONLY_FOR_CURATORS)],
    # Events
    "events/": [Visit("/events/", expect(OK)), Visit("/events/?past=1&format=online&page=1", expect(OK))],
    "events/new/": [Visit("/events/new/", curators_only())],
    "events/calendar/<str:token>.ics": [
        Visit(lambda world: f"/events/calendar/{world.objects['calendar_token']}.ics", expect(OK), shows_owner=True),
        Visit("/events/calendar/not-a-token.ics", expect(DENIED)),
    ],
    "events/<slug:slug>/": [Visit(EVENT, expect(OK)), Visit("/events/no-such-event/", expect(DENIED))],
    "events/<slug:slug>/event.ics": [Visit(EVENT + "event.ics", expect(OK))],
    "events/<slug:slug>/edit/": [Visit(EVENT + "edit/", MANAGERS)],
    "events/<slug:slug>/cancel/": [Visit(EVENT + "cancel/", MANAGERS)],
    "events/<slug:slug>/register/": [Visit(EVENT + "register/", expect(NOT_ALLOWED))],
    "events/<slug:slug>/cancel-registration/": [Visit(EVENT + "cancel-registration/", expect(NOT_ALLOWED))],
    "events/<slug:slug>/attendees/": [Visit(EVENT + "attendees/", MANAGERS)],
    "events/<slug:slug>/attendees.csv": [Visit(EVENT + "attendees.csv", MANAGERS)],
    "groups/<slug:slug>/events/new/": [
        Visit("/groups/walk-group/events/new/", MANAGERS),
        Visit("/groups/walk-other-group/events/new/", signed_in(DENIED, other_group_moderator=OK, curator=OK)),
    ],
    "groups/<slug:slug>/calendar.ics": [Visit("/groups/walk-group/calendar.ics", expect(OK))],
    "me/events/": [Visit("/me/events/", signed_in(OK))],
    # Groups
    "groups/": [Visit("/groups/", expect(OK)), Visit("/groups/?q=walk&page=1", expect(OK))],
    "groups/new/": [Visit("/groups/new/", curators_only())],
    "groups/invitations/<str:token>/": [Visit("/groups/invitations/not-a-token/", expect(DENIED))],
    "me/groups/": [Visit("/me/groups/", signed_in(OK))],
    "groups/<slug:slug>/": [Visit(GROUP, expect(OK)), Visit("/groups/no-such-group/", expect(DENIED))],
    "groups/<slug:slug>/edit/": [Visit(GROUP + "edit/", MANAGERS)],
    "groups/<slug:slug>/join/": [Visit(GROUP + "join/", SIGNED_IN_BUTTON)],
    "groups/<slug:slug>/leave/": [Visit(GROUP + "leave/", SIGNED_IN_BUTTON)],
    "groups/<slug:slug>/step-down/": [Visit(GROUP + "step-down/", SIGNED_IN_BUTTON)],
    "groups/<slug:slug>/members/": [Visit(GROUP + "members/", MANAGERS)],
    "groups/<slug:slug>/members.csv": [Visit(GROUP + "members.csv", MANAGERS)],
    "groups/<slug:slug>/members/<int:user_id>/remove/": [Visit(GROUP + "members/999999/remove/", MANAGERS_BUTTON)],
    "groups/<slug:slug>/members/<int:user_id>/appoint/": [Visit(GROUP + "members/999999/appoint/", MANAGERS_BUTTON)],
    "groups/<slug:slug>/moderators/new/": [Visit(GROUP + "moderators/new/", curators_only())],
    "groups/<slug:slug>/requests/<int:pk>/approve/": [Visit(GROUP + "requests/999999/approve/", MANAGERS_BUTTON)],
    "groups/<slug:slug>/requests/<int:pk>/decline/": [Visit(GROUP + "requests/999999/decline/", MANAGERS_BUTTON)],
    "groups/<slug:slug>/invite/": [Visit(GROUP + "invite/", MANAGERS)],
    "groups/<slug:slug>/discussion/": [Visit(GROUP + "discussion/", expect(OK))],
    "groups/<slug:slug>/discussion/new/": [Visit(GROUP + "discussion/new/", GROUP_MEMBERS)],
    "groups/<slug:slug>/discussion/<int:pk>/": [
        Visit(thread_url, expect(OK)),
        Visit(GROUP + "discussion/999999/", expect(DENIED)),
    ],
    "groups/<slug:slug>/discussion/<int:pk>/reply/": [Visit(lambda w: thread_url(w) + "reply/", GROUP_MEMBERS)],
    "groups/<slug:slug>/discussion/<int:pk>/lock/": [Visit(lambda w: thread_url(w) + "lock/", MANAGERS_BUTTON)],
    "groups/<slug:slug>/discussion/<int:pk>/unlock/": [Visit(lambda w: thread_url(w) + "unlock/", MANAGERS_BUTTON)],
    "groups/<slug:slug>/discussion/<int:pk>/pin/": [Visit(lambda w: thread_url(w) + "pin/", MANAGERS_BUTTON)],
    "groups/<slug:slug>/discussion/<int:pk>/unpin/": [Visit(lambda w: thread_url(w) + "unpin/", MANAGERS_BUTTON)],
    "groups/<slug:slug>/discussion/<int:pk>/follow/": [Visit(lambda w: thread_url(w) + "follow/", MEMBERS_BUTTON)],
    "groups/<slug:slug>/discussion/<int:pk>/unfollow/": [Visit(lambda w: thread_url(w) + "unfollow/", MEMBERS_BUTTON)],
    "groups/<slug:slug>/posts/<int:pk>/edit/": [
        Visit(lambda w: post_url(w) + "edit/", signed_in(DENIED, moderator=OK))
    ],
    "groups/<slug:slug>/posts/<int:pk>/hide/": [Visit(lambda w: post_url(w) + "hide/", MANAGERS)],
    "groups/<slug:slug>/posts/<int:pk>/unhide/": [Visit(lambda w: post_url(w) + "unhide/", MANAGERS_BUTTON)],
    "groups/<slug:slug>/posts/<int:pk>/report/": [Visit(lambda w: post_url(w) + "report/", GROUP_MEMBERS)],
    "groups/<slug:slug>/reports/": [Visit(GROUP + "reports/", MANAGERS)],
    "groups/<slug:slug>/reports/<int:pk>/resolve/": [Visit(GROUP + "reports/999999/resolve/", MANAGERS_BUTTON)],
    "me/events/calendar/reset/": [Visit("/me/events/calendar/reset/", expect(NOT_ALLOWED))],
    # The open data API: the same answers for everyone, as it ignores who is signed in.
    "api/v1/": [Visit("/api/v1/", expect(OK))],
    "api/v1/openapi.json": [Visit("/api/v1/openapi.json", expect(OK))],
    "api/v1/docs/": [Visit("/api/v1/docs/", expect(OK))],
    "api/v1/case-studies/": [
        Visit("/api/v1/case-studies/?q=walk&topic=patient-flow", expect(OK)),
        Visit("/api/v1/case-studies/?topic=no-such-topic", expect(BAD)),
    ],
    "api/v1/case-studies/<slug>/": [
        Visit("/api/v1/case-studies/walk-published/", expect(OK)),
        Visit("/api/v1/case-studies/walk-draft/", expect(DENIED)),
    ],
    "api/v1/collections/": [Visit("/api/v1/collections/", expect(OK))],
    "api/v1/collections/<slug>/": [Visit("/api/v1/collections/walk-collection/", expect(OK))],
    "api/v1/taxonomy/": [Visit("/api/v1/taxonomy/", expect(OK))],
    "api/v1/groups/": [Visit("/api/v1/groups/", expect(OK))],
    "api/v1/groups/<slug>/": [Visit("/api/v1/groups/walk-group/", expect(OK))],
    "api/v1/events/": [Visit("/api/v1/events/?group=walk-group", expect(OK))],
    "api/v1/events/<slug>/": [Visit("/api/v1/events/walk-event/", expect(OK))],
    # Uploaded files: a published case study's cover for anyone, a draft's for its author and curators.
    "media/<path:name>": [
        Visit(lambda world: "/media/" + world.objects["published"].cover_image.name, expect(OK)),
        Visit(
            lambda world: "/media/" + world.objects["draft"].cover_image.name,
            expect(DENIED, member=OK, curator=OK),
        ),
        Visit("/media/case-studies/covers/not-there.png", expect(DENIED)),
    ],
    "collections/": [Visit("/collections/", expect(OK))],
    "collections/<slug:slug>/": [
        Visit("/collections/walk-collection/", expect(OK)),
        Visit("/collections/no-such-collection/", expect(DENIED)),
    ],
}
