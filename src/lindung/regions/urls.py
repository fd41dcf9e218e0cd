from django.urls import path

from lindung.regions import views

app_name = "regions"

urlpatterns = [
    path("muat-ulang/", views.reload_regions, name="reload"),
    path("cari/", views.region_options, name="options"),
]
