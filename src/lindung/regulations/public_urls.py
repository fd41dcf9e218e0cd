"""Public pages: the Jakon calculator and the benefit check (Indonesian paths, no login)."""

from django.urls import path

from lindung.regulations import public_views

app_name = "rules_public"

urlpatterns = [
    path("kalkulator/", public_views.calculator, name="calculator"),
    path("manfaat/", public_views.benefits, name="benefits"),
]
