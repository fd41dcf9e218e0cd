from django.urls import path

from lindung.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("templat/<str:kind>.<str:fmt>", views.template_download, name="template"),
    path("<uuid:batch_id>/", views.batch_detail, name="detail"),
    path("<uuid:batch_id>/karantina.csv", views.quarantine_download, name="quarantine"),
    path("<uuid:batch_id>/impor/", views.batch_confirm, name="confirm"),
]
