"""The public self-check at /cek-perlindungan/ (no login)."""

from django.urls import path

from lindung.linkage import views

app_name = "self_check"

urlpatterns = [
    path("", views.self_check, name="check"),
]
