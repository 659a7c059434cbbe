from django.urls import path

from reports.dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("tong-hop/", views.overview, name="overview"),
    path("tong-hop/theo-nam/", views.year_over_year, name="year_over_year"),
    path("tong-hop/co-quan/<int:pk>/", views.agency, name="agency"),
    path("tong-hop/cuoc-kiem-tra/", views.visit_list, name="visits"),
    path("tong-hop/phat-hien/", views.finding_list, name="findings"),
    path("tong-hop/khac-phuc/", views.action_list, name="actions"),
    path("tong-hop/bieu-do/<slug:name>.svg", views.chart, name="chart"),
    path("tong-hop/xuat/<slug:name>.xlsx", views.export, name="export"),
    path("tong-hop/in/", views.print_request, name="print_request"),
    path("tong-hop/in/<int:pk>/", views.print_status, name="print_status"),
    path("tong-hop/in/<int:pk>/tai/", views.print_download, name="print_download"),
]
