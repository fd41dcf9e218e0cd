"""URL routes: HTML pages (Indonesian paths), the JSON API and operational endpoints."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from lindung.api import api
from lindung.core.views import healthz

urlpatterns = [
    path("", include("lindung.coverage.urls")),
    path("", include("lindung.regulations.public_urls")),
    path("akun/", include("lindung.accounts.urls")),
    path("tugas/", include("lindung.jobs.urls")),
    path("impor/", include("lindung.imports.urls")),
    path("wilayah/", include("lindung.regions.urls")),
    path("regulasi/", include("lindung.regulations.urls")),
    path("proyek/", include("lindung.projects.urls")),
    path("pekerja/", include("lindung.workers.urls")),
    path("peserta/", include("lindung.participants.urls")),
    path("penjangkauan/", include("lindung.outreach.urls")),
    path("klaim/", include("lindung.claims.urls")),
    path("rekonsiliasi/", include("lindung.linkage.urls")),
    path("cek-perlindungan/", include("lindung.linkage.public_urls")),
    path("v/", include("lindung.projects.public_urls")),
    path("notifikasi/", include("lindung.notifications.urls")),
    path("laporan/", include("lindung.reports.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
]

handler400 = "lindung.core.views.bad_request"

if settings.DEBUG:
    urlpatterns += [
        path("__errors/500/", TemplateView.as_view(template_name="500.html")),
    ]
