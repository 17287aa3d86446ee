"""/portal/: the team portal — teams and invitations, entries (drafts, files, submission, receipts),
the 赛题 data and the data desk, published feedback, appeals and award certificates, real-name
verification and the request to become an organisation's contact person. Names live in
the ``contests`` namespace."""

from django.urls import path

from contests.portal.views import (
    adoption,
    appeals,
    certificates,
    dashboard,
    data,
    data_use,
    due_diligence,
    entries,
    feedback,
    files,
    finalists,
    identity,
    materials,
    resource_search,
    submission,
    surveys,
    teams,
)

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    # Teams and invitations
    path("contests/<slug:contest_slug>/teams/new/", teams.team_create, name="team_create"),
    path("teams/<int:pk>/", teams.team_detail, name="team_detail"),
    path("teams/<int:pk>/invite/", teams.team_invite, name="team_invite"),
    path(
        "teams/<int:pk>/invitations/<int:invitation_pk>/revoke/",
        teams.invitation_revoke,
        name="invitation_revoke",
    ),
    path("teams/<int:pk>/transfer/", teams.team_transfer, name="team_transfer"),
    path("teams/<int:pk>/leave/", teams.team_leave, name="team_leave"),
    path("teams/<int:pk>/members/<int:user_pk>/remove/", teams.team_remove_member, name="team_remove_member"),
    path("invitations/<str:token>/", teams.invitation, name="invitation"),
    # The 赛题 data and the data desk (数据申请)
    path("teams/<int:pk>/data/", data.team_data, name="team_data"),
    path("teams/<int:pk>/data/apply/", data.team_data_apply, name="team_data_apply"),
    path(
        "teams/<int:pk>/data/agreements/<int:agreement_pk>/accept/",
        data.data_agreement_accept,
        name="data_agreement_accept",
    ),
    path(
        "teams/<int:pk>/data/requests/<int:request_pk>/withdraw/",
        data.data_request_withdraw,
        name="data_request_withdraw",
    ),
    path("data/download/<str:token>/", data.data_download, name="data_download"),
    # Entries: drafts, files, submission and receipts
    path("teams/<int:team_pk>/entries/new/", entries.entry_create, name="entry_create"),
    path("entries/<uuid:uuid>/", entries.entry_detail, name="entry_detail"),
    path("entries/<uuid:uuid>/edit/", entries.entry_edit, name="entry_edit"),
    path("entries/<uuid:uuid>/data/", data_use.entry_data, name="entry_data"),
    path("entries/<uuid:uuid>/submit/", submission.entry_submit, name="entry_submit"),
    path("entries/<uuid:uuid>/withdraw/", submission.entry_withdraw, name="entry_withdraw"),
    path("entries/<uuid:uuid>/receipts/<str:code>/", submission.entry_receipt, name="entry_receipt"),
    path("entries/<uuid:uuid>/receipts/<str:code>.pdf", submission.entry_receipt_pdf, name="entry_receipt_pdf"),
    path("entries/<uuid:uuid>/files/upload/<str:kind>/", files.file_upload, name="entry_file_upload"),
    path("entries/<uuid:uuid>/files/<int:file_id>/", files.file_download, name="entry_file_download"),
    path("entries/<uuid:uuid>/questions/<str:key>/upload/", files.field_file_upload, name="entry_field_upload"),
    path("entries/<uuid:uuid>/rounds/<int:round_id>/materials/", materials.entry_materials, name="entry_materials"),
    path("entries/<uuid:uuid>/files/<int:file_id>/remove/", files.file_remove, name="entry_file_remove"),
    # After judging: feedback, appeals, certificates
    path("entries/<uuid:uuid>/rounds/<int:round_id>/feedback/", feedback.entry_feedback, name="entry_feedback"),
    path("entries/<uuid:uuid>/rounds/<int:round_id>/appeal/", appeals.entry_appeal, name="entry_appeal"),
    path("appeals/<int:appeal_id>/files/<int:file_id>/", appeals.appeal_attachment, name="appeal_attachment"),
    path("certificates/<str:number>.pdf", certificates.download, name="award_certificate"),
    # After the award: tracking surveys (跟踪问卷) of winning entries
    path("entries/<uuid:uuid>/surveys/<int:survey_id>/", surveys.entry_survey, name="entry_survey"),
    # Finalist confirmation (晋级确认): the team confirms or declines its place in the next round
    path("finalists/<int:pk>/confirm/", finalists.finalist_confirm, name="finalist_confirm"),
    path("finalists/<int:pk>/decline/", finalists.finalist_decline, name="finalist_decline"),
    # Winner due diligence (尽职调查): the award's documents and their submission
    path("due-diligence/<int:case_id>/", due_diligence.case_detail, name="due_diligence_case"),
    path("due-diligence/<int:case_id>/submit/", due_diligence.case_submit, name="due_diligence_submit"),
    path("due-diligence/<int:case_id>/upload/<str:kind>/", due_diligence.document_upload, name="due_diligence_upload"),
    path(
        "due-diligence/<int:case_id>/files/<int:document_id>/",
        due_diligence.document_download,
        name="due_diligence_document",
    ),
    path(
        "due-diligence/<int:case_id>/files/<int:document_id>/remove/",
        due_diligence.document_remove,
        name="due_diligence_document_remove",
    ),
    # After the award: adoption milestones (落地) and their evidence
    path("entries/<uuid:uuid>/adoption/", adoption.adoption_list, name="entry_adoption"),
    path("entries/<uuid:uuid>/adoption/new/", adoption.milestone_create, name="milestone_create"),
    path("entries/<uuid:uuid>/adoption/<int:pk>/edit/", adoption.milestone_edit, name="milestone_edit"),
    path("entries/<uuid:uuid>/adoption/<int:pk>/evidence/", adoption.evidence_upload, name="milestone_evidence_upload"),
    path("adoption/evidence/<int:file_id>/", adoption.evidence_download, name="milestone_evidence"),
    # Real names (实名): the legal name and documents the contest's rule asks for; unit contacts (单位负责人)
    path("identity/<slug:contest_slug>/", identity.identity, name="identity"),
    path("identity/<slug:contest_slug>/files/<int:document_id>/", identity.identity_file, name="identity_file"),
    path("identity/<slug:contest_slug>/submit/", identity.identity_submit, name="identity_submit"),
    path("vetting/apply/<slug:contest_slug>/", identity.vetting_apply, name="vetting_apply"),
    # The entry form's data resource picker (150,000 resources are never listed).
    path("resource-search/", resource_search.resource_search, name="resource_search"),
]
