"""Every route of the disclosure screens, mounted at the site root by the URLconf (from
`DisclosureConfig.declare()`): the public pages, the applicant's actions on the track page,
and the staff registration and annual statistics in the workspace."""

from django.urls import path

from fazhi.disclosure import guide, views, views_stats

app_name = "disclosure"

urlpatterns = [
    path("disclosure/apply/", views.apply, name="apply"),
    path("disclosure/receipt/", views.receipt, name="receipt"),
    path("disclosure/receipt.pdf", views.receipt_pdf, name="receipt_pdf"),
    path("disclosure/replies/", views.replies, name="replies"),
    path("disclosure/guide/", guide.guide_index, name="guide_index"),
    path("disclosure/guide/<str:code>/", guide.guide, name="guide"),
    path("disclosure/catalogue/<str:code>/", guide.catalogue, name="catalogue"),
    path("disclosure/replies/<int:pk>/", views.reply_detail, name="reply"),
    path("disclosure/replies/<int:pk>/files/<int:file_pk>/", views.reply_file,
         name="reply_file"),
    path("track/correction/", views.track_correction, name="track_correction"),
    path("track/withdraw/", views.track_withdraw, name="track_withdraw"),
    path("track/files/<int:pk>/", views.track_file, name="track_file"),
    path("workspace/disclosure/new/", views.staff_new, name="staff_new"),
    path("workspace/disclosure/stats/", views_stats.stats_page, name="stats"),
    path("workspace/disclosure/stats/xlsx", views_stats.stats_xlsx, name="stats_xlsx"),
]
