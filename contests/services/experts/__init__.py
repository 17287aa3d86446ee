"""The standing expert pool (专家库): applications and invitations (``pool``), the random draw of a
round's judges with recusal (``draw``) and each expert's judging record (``record``)."""
