"""Project pages under /proyek/ (Indonesian paths)."""

from django.urls import path

from lindung.projects import views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("ekspor.xlsx", views.project_export, name="export"),
    path("ekspor.csv", views.project_export_csv, name="export_csv"),
    path("ekspor/<uuid:job_id>/", views.export_job, name="export_job"),
    path("ekspor/<uuid:job_id>/unduh/", views.export_download, name="export_download"),
    path("baru/", views.project_create, name="create"),
    path("saya/", views.my_projects, name="mine"),
    path("peringkat/", views.ranking, name="ranking"),
    path("<int:project_id>/", views.project_detail, name="detail"),
    path("<int:project_id>/ubah/", views.project_edit, name="edit"),
    path("<int:project_id>/tahap/", views.stage_change, name="stage"),
    path("<int:project_id>/adendum/", views.addendum_create, name="addendum"),
    path("<int:project_id>/registrasi/", views.registration_create, name="registration"),
    path("<int:project_id>/pembayaran/", views.payment_create, name="payment"),
    path("<int:project_id>/qr.png", views.qr_png, name="qr_png"),
    path("<int:project_id>/qr.svg", views.qr_svg, name="qr_svg"),
    path("<int:project_id>/poster/", views.poster, name="poster"),
    path("<int:project_id>/tautan-publik/ganti/", views.public_link_revoke, name="revoke_link"),
]
