"""Template filter for stored bilingual messages (``{"id": ..., "en": ...}``)."""

from django import template

from lindung.core import i18n

register = template.Library()

register.filter("in_language", i18n.in_language)
