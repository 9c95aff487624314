from django.urls import path

from safeguarding.accounts import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path("two-factor/", views.TwoFactorVerifyView.as_view(), name="two-factor-verify"),
    path("two-factor/set-up/", views.TwoFactorSetupView.as_view(), name="two-factor-setup"),
    path("account/", views.AccountView.as_view(), name="account"),
    path("account/password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path("password-reset/sent/", views.PasswordResetSentView.as_view(), name="password-reset-sent"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "password-reset/complete/",
        views.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
    path("people/", views.PersonListView.as_view(), name="person-list"),
    path("people/new/", views.PersonFormView.as_view(), name="person-create"),
    path("people/<int:pk>/", views.PersonDetailView.as_view(), name="person-detail"),
    path("people/<int:pk>/edit/", views.PersonFormView.as_view(), name="person-edit"),
    path(
        "people/<int:pk>/reset-two-factor/",
        views.PersonTwoFactorResetView.as_view(),
        name="person-two-factor-reset",
    ),
    path("groups/", views.GroupListView.as_view(), name="group-list"),
    path("groups/<slug:slug>/", views.GroupDetailView.as_view(), name="group-detail"),
    path(
        "groups/<slug:slug>/members/", views.GroupMemberAddView.as_view(), name="group-member-add"
    ),
    path(
        "groups/<slug:slug>/members/<int:pk>/remove/",
        views.GroupMemberRemoveView.as_view(),
        name="group-member-remove",
    ),
]
