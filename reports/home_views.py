from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from reports.home import home_for_user


@login_required
def home(request):
    """ "Việc của tôi": the first page after sign-in, one set of panels per role of the user."""
    context = home_for_user(user=request.user, today=timezone.localdate())
    return render(request, "reports/home.html", context)
