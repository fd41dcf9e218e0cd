"""Template filters that mask personal data by default."""

from django import template

from lindung.core import masking

register = template.Library()

register.filter("mask_identifier", masking.mask_identifier)
register.filter("mask_name", masking.mask_name)
register.filter("mask_phone", masking.mask_phone)
register.filter("mask_email", masking.mask_email)
register.filter("mask_birth_date", masking.mask_birth_date)
