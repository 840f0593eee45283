from django.urls import path

from . import discussion_views, views

app_name = "groups"

group = "groups/<slug:slug>/"
thread = group + "discussion/<int:pk>/"
post = group + "posts/<int:pk>/"

urlpatterns = [
    path("groups/", views.GroupListView.as_view(), name="list"),
    path("groups/new/", views.GroupCreateView.as_view(), name="create"),
    path("groups/invitations/<str:token>/", views.InvitationView.as_view(), name="invitation"),
    path("me/groups/", views.MyGroupsView.as_view(), name="mine"),
    path(group, views.GroupDetailView.as_view(), name="detail"),
    path(group + "edit/", views.GroupUpdateView.as_view(), name="edit"),
    path(group + "join/", views.JoinView.as_view(), name="join"),
    path(group + "leave/", views.LeaveView.as_view(), name="leave"),
    path(group + "step-down/", views.StepDownView.as_view(), name="step_down"),
    path(group + "members/", views.MemberListView.as_view(), name="members"),
    path(group + "members.csv", views.MemberExportView.as_view(), name="members_csv"),
    path(group + "members/<int:user_id>/remove/", views.RemoveMemberView.as_view(), name="remove_member"),
    path(group + "members/<int:user_id>/appoint/", views.AppointModeratorView.as_view(), name="appoint"),
    path(group + "moderators/new/", views.ModeratorAddView.as_view(), name="add_moderator"),
    path(group + "requests/<int:pk>/approve/", views.ApproveView.as_view(), name="approve"),
    path(group + "requests/<int:pk>/decline/", views.DeclineView.as_view(), name="decline"),
    path(group + "invite/", views.InviteView.as_view(), name="invite"),
    path(group + "discussion/", discussion_views.ThreadListView.as_view(), name="threads"),
    path(group + "discussion/new/", discussion_views.ThreadCreateView.as_view(), name="thread_create"),
    path(thread, discussion_views.ThreadDetailView.as_view(), name="thread"),
    path(thread + "reply/", discussion_views.ReplyView.as_view(), name="reply"),
    path(thread + "lock/", discussion_views.ThreadFlagView.as_view(), {"flag": "locked", "value": True}, name="lock"),
    path(
        thread + "unlock/", discussion_views.ThreadFlagView.as_view(), {"flag": "locked", "value": False}, name="unlock"
    ),
    path(thread + "pin/", discussion_views.ThreadFlagView.as_view(), {"flag": "pinned", "value": True}, name="pin"),
    path(
        thread + "unpin/", discussion_views.ThreadFlagView.as_view(), {"flag": "pinned", "value": False}, name="unpin"
    ),
    path(thread + "follow/", discussion_views.FollowView.as_view(), {"value": True}, name="follow"),
    path(thread + "unfollow/", discussion_views.FollowView.as_view(), {"value": False}, name="unfollow"),
    path(post + "edit/", discussion_views.PostEditView.as_view(), name="post_edit"),
    path(post + "hide/", discussion_views.PostHideView.as_view(), name="post_hide"),
    path(post + "unhide/", discussion_views.PostUnhideView.as_view(), name="post_unhide"),
    path(post + "report/", discussion_views.PostReportView.as_view(), name="post_report"),
    path(group + "reports/", discussion_views.ReportListView.as_view(), name="reports"),
    path(group + "reports/<int:pk>/resolve/", discussion_views.ReportResolveView.as_view(), name="resolve_report"),
]
