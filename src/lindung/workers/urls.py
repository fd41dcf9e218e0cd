from django.urls import path

from lindung.workers import views

app_name = "workers"

urlpatterns = [
    path("", views.worker_list, name="list"),
    path("daftar/", views.worker_register, name="register"),
    path("cek-nik/", views.nik_check, name="nik_check"),
    path("ekspor.csv", views.worker_export, name="export"),
    path("impor/", views.roster_import, name="import"),
    path("impor/templat.csv", views.roster_template, name="template"),
    path("duplikat/", views.duplicate_list, name="duplicates"),
    path("duplikat/<int:candidate_id>/", views.duplicate_review, name="duplicate"),
    path("duplikat/<int:candidate_id>/buka/", views.duplicate_reveal, name="duplicate_reveal"),
    path("duplikat/<int:candidate_id>/putuskan/", views.duplicate_decide, name="duplicate_decide"),
    path("<int:worker_id>/", views.worker_detail, name="detail"),
    path("<int:worker_id>/buka/", views.worker_reveal, name="reveal"),
]
