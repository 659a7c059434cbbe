def unread_notifications(request):
    """The unread count in the navigation bar (one indexed query per page for signed-in users)."""
    user = getattr(request, "user", None)
    if not getattr(user, "is_authenticated", False):
        return {}

    def count():
        from notices.models import Notification

        return Notification.objects.filter(user=user, read_at__isnull=True).count()

    return {"unread_notifications": count}
