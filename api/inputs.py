"""Request bodies of the writes, for the OpenAPI schema only: the input is validated by the page's own
form (api/writes.py), so the messages are the pages' messages. No body has a ``status``."""

from rest_framework import serializers

from findings.models import Finding
from findings.models.results import Progress, Result, Severity
from reports.models import Kind, RenderJob


class Revision(serializers.Serializer):
    revision = serializers.IntegerField(min_value=0, help_text="The revision the change was made over (409 if stale).")


class ItemResultInput(Revision):
    result = serializers.ChoiceField(choices=Result.choices, required=False, allow_blank=True)
    progress = serializers.ChoiceField(choices=Progress.choices, required=False)
    note = serializers.CharField(required=False, allow_blank=True)


class FindingFields(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Finding.Kind.choices)
    item = serializers.IntegerField(required=False, allow_null=True)
    description = serializers.CharField()
    cause = serializers.CharField(required=False, allow_blank=True)
    recommendation = serializers.CharField(required=False, allow_blank=True)
    severity = serializers.ChoiceField(choices=Severity.choices, required=False, allow_blank=True)
    evidence = serializers.ListField(child=serializers.IntegerField(), required=False)
    earlier_finding = serializers.IntegerField(required=False, allow_null=True)


class FindingCreate(FindingFields):
    visit = serializers.IntegerField()


class FindingUpdate(Revision, FindingFields):
    pass


class Comment(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True)


class ActionReport(Revision):
    text = serializers.CharField()
    file = serializers.FileField(help_text="A photo or PDF, checked by content like every upload.")
    caption = serializers.CharField(required=False, allow_blank=True)


class ActionUpdate(Revision):
    description = serializers.CharField()
    measure = serializers.CharField()
    deadline = serializers.DateField()


class ExtensionRequest(serializers.Serializer):
    new_deadline = serializers.DateField()
    reason = serializers.CharField()


class JobRequest(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Kind.choices)
    plan = serializers.IntegerField(required=False, help_text="For a plan's Báo cáo (kind report or followup).")
    visit = serializers.IntegerField(required=False, help_text="For a visit's Biên bản or Thông báo kết luận.")
    format = serializers.ChoiceField(choices=RenderJob.Format.choices, required=False)
    issued_on = serializers.DateField(required=False)
    deadline = serializers.DateField(required=False)


class Refusal(serializers.Serializer):
    detail = serializers.CharField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False)


class Conflict(serializers.Serializer):
    detail = serializers.CharField()
    current = serializers.DictField(help_text="The record as now stored, with its revision.")
