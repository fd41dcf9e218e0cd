"""The public verification page behind a project's QR code: /v/<token>/ (no login)."""

from django.urls import path

from lindung.projects import public_views

app_name = "projects_public"

urlpatterns = [
    path("<str:token>/", public_views.verify, name="verify"),
]
