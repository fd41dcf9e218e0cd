"""Background tasks: Django's tasks framework with the django-tasks-db backend."""

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    },
}
