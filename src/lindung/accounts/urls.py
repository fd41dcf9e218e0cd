from django.contrib.auth import views as auth_views
from django.urls import path

from lindung.accounts import views

app_name = "accounts"

urlpatterns = [
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "kata-sandi/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html", success_url="/"
        ),
        name="password_change",
    ),
    path("pengguna/", views.user_list, name="user_list"),
    path("pengguna/baru/", views.user_create, name="user_create"),
    path("pengguna/<int:user_id>/", views.user_detail, name="user_detail"),
    path("pengguna/<int:user_id>/buka-kontak/", views.user_reveal, name="user_reveal"),
    path("pengguna/<int:user_id>/buka-blokir/", views.user_unlock, name="user_unlock"),
    path("token/", views.token_list, name="tokens"),
    path("token/<int:token_id>/cabut/", views.token_revoke, name="token_revoke"),
    path("audit/", views.audit_list, name="audit_list"),
    path("audit/ekspor.csv", views.audit_export, name="audit_export"),
]
