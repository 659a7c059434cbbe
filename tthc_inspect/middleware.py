"""Vietnamese first: the UI language is Vietnamese unless the user chose another one.

Django's LocaleMiddleware would follow the browser's Accept-Language, so an office
PC with an English Windows would get English pages; here only the language the
user picked with the switch (stored in the language cookie) changes it.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
