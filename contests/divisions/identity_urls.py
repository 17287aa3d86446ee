"""/division/<contest_slug>/<division_slug>/identity/… (names ``contests:divisions:identity*``): a
division manager's review of the real-name proofs of their division's team members."""

from django.urls import path

from contests.divisions import identity

urlpatterns = [
    path("identity/", identity.proof_list, name="identity"),
    path("identity/<int:proof_id>/", identity.proof_review, name="identity_review"),
    path("identity/<int:proof_id>/files/<int:document_id>/", identity.proof_file, name="identity_file"),
]
