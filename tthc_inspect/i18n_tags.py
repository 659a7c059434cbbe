"""Django's ``i18n`` template library, with ``{% translate "literal" %}`` translated once per language.

Registered in settings under the label ``tthc_i18n``: our templates ``{% load tthc_i18n %}`` (every tag
and filter of ``{% load i18n %}``, which stays Django's for the admin's templates). Django's tag makes a
lazy string on every render and translates it when it is written out: a list of 50 rows with five
labels a row asks the catalogue 250 times for the same five words (about 17 % of the remediation
list's CPU, issue 22). A literal without filters cannot change between renders except by language
and autoescaping, so its rendered text is kept on the node, which the cached template loader keeps
for the life of the process. Everything else (variables, filters, ``context``, ``noop``) is Django's.
"""

from django import template
from django.template.base import render_value_in_context
from django.templatetags import i18n as django_i18n
from django.utils import translation
from django.utils.safestring import SafeData, mark_safe

register = template.Library()
register.tags.update(django_i18n.register.tags)
register.filters.update(django_i18n.register.filters)


class LiteralTranslateNode(django_i18n.TranslateNode):
    """A translated literal, rendered once per (language, autoescape)."""

    def __init__(self, node):
        super().__init__(node.filter_expression, node.noop, node.asvar, node.message_context)
        self.rendered = {}

    def render(self, context):
        key = (translation.get_language(), context.autoescape)
        value = self.rendered.get(key)
        if value is None:
            value = self.rendered[key] = self._translated(context)
        if self.asvar:
            context[self.asvar] = value
            return ""
        return value

    def _translated(self, context):
        """What Django's ``TranslateNode.render`` writes, without storing it in ``asvar``."""
        variable = self.filter_expression.var
        variable.translate = True
        value = render_value_in_context(self.filter_expression.resolve(context), context)
        is_safe = isinstance(value, SafeData)
        value = value.replace("%%", "%")
        return mark_safe(value) if is_safe else value  # noqa: S308  (it was safe before the %% were restored)


def _is_plain_literal(node):
    expression = node.filter_expression
    return (
        not node.noop
        and node.message_context is None
        and not expression.filters
        and getattr(expression.var, "literal", None) is not None
    )


@register.tag("translate")
@register.tag("trans")
def do_translate(parser, token):
    node = django_i18n.do_translate(parser, token)
    return LiteralTranslateNode(node) if _is_plain_literal(node) else node
