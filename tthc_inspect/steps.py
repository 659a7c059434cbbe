"""The one shape of a workflow step's view: a POST runs one service; its outcome becomes a flash message.

``post_step(answer, *args, name=…)`` makes the view (signed in, POST only) that returns
``answer(request, pk, *args)``; ``step_outcome`` runs the service and says "done" or each refusal.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_POST


def step_outcome(request, run, *, done: str, refused: tuple[type[Exception], ...]) -> bool:
    """Call ``run()``; a refusal (one of ``refused``) is shown message by message, success as ``done``."""
    try:
        run()
    except refused as exc:
        for message in getattr(exc, "messages", None) or [str(exc)]:
            messages.error(request, message)
        return False
    messages.success(request, done)
    return True


def post_step(answer, *args, name: str):
    """A view ``name(request, pk)``, signed in and POST only, answering ``answer(request, pk, *args)``."""

    def view(request, pk: int):
        return answer(request, pk, *args)

    view.__name__ = view.__qualname__ = name
    return login_required(require_POST(view))
