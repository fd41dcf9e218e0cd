from django.contrib import admin

from lindung.jobs.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin[Job]):
    list_display = ("title", "kind", "status", "done", "total", "created_by", "created_at")
    list_filter = ("kind", "status")
