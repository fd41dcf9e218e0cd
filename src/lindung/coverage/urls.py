from django.urls import path

from lindung.coverage import views

app_name = "coverage"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("dasbor/<str:code>/", views.dashboard, name="region"),
]
