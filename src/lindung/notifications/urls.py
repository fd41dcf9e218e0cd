from django.urls import path

from lindung.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("baca-semua/", views.mark_all_read, name="mark_all_read"),
]
