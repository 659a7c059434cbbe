"""Text helpers shared by every app: NFC storage and accent-insensitive search keys."""

import unicodedata


def nfc(value: str | None) -> str | None:
    """Return ``value`` in Unicode NFC, the form we store and print.

    Text pasted from some editors or typed on some keyboards arrives decomposed
    ("a" + combining marks); stored as is it would not match searches or print
    with the right glyphs.
    """
    if value is None:
        return None
    return unicodedata.normalize("NFC", value)


def fold(value: str | None) -> str:
    """Return a lower-case key without diacritics: "Đắk Hà" and "Đăk Hà" give "dak ha"."""
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


class NFCFormMixin:
    """Form mixin: every string in cleaned_data is stored as NFC."""

    def clean(self):
        cleaned = super().clean()
        for key, value in list(cleaned.items()):
            if isinstance(value, str):
                cleaned[key] = nfc(value)
        return cleaned


class NFCTextMixin:
    """Model mixin: CharField and TextField values are saved as NFC.

    Applied on save so that every path (forms, admin, services, management
    commands) stores the same form. Bulk updates must call ``nfc`` themselves.
    """

    def save(self, *args, **kwargs):
        from django.db import models

        for field in self._meta.concrete_fields:
            if isinstance(field, (models.CharField, models.TextField)):
                value = getattr(self, field.attname)
                if isinstance(value, str) and nfc(value) != value:  # unchanged values are left alone:
                    setattr(self, field.attname, nfc(value))  # a status field refuses assignment
        super().save(*args, **kwargs)
