"""After the award: adoption milestones (落地), their review and public figures, and tracking surveys."""
