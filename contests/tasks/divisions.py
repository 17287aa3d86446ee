"""E-mails of divisions (分赛区): a team moved to another division, a manager added to a division."""

import logging

from celery import shared_task

from contests.models import Division, TeamDivisionMove
from contests.services.division_moves import send_division_move_notice
from contests.services.division_setup import send_manager_notice
from contests.tasks.base import EMAIL_RETRY, get_user

logger = logging.getLogger(__name__)


@shared_task(name="contests.send_division_move_notice", **EMAIL_RETRY)
def task_send_division_move_notice(*, move_id):
    move = TeamDivisionMove.objects.select_related("team", "from_division", "to_division").filter(pk=move_id).first()
    if move is None:
        logger.info("Division move %s no longer exists; notice not sent", move_id)
        return
    send_division_move_notice(move)


@shared_task(name="contests.send_division_manager_notice", **EMAIL_RETRY)
def task_send_division_manager_notice(*, division_id, user_id):
    division = Division.objects.select_related("contest").filter(pk=division_id).first()
    user = get_user(user_id)
    if division is None or user is None:
        logger.info("Division %s or user %s no longer exists; notice not sent", division_id, user_id)
        return
    send_manager_notice(division, user)
