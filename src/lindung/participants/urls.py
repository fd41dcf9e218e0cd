from django.urls import path

from lindung.participants import views

app_name = "participants"

urlpatterns = [
    path("", views.snapshot_list, name="list"),
    path("unggah/", views.snapshot_upload, name="upload"),
    path("templat.csv", views.template_download, name="template"),
    path("<int:snapshot_id>/", views.snapshot_detail, name="detail"),
    path("<int:snapshot_id>/ditolak.csv", views.quarantine_download, name="quarantine"),
    path("orang/<int:participant_id>/buka/", views.participant_reveal, name="reveal"),
]
