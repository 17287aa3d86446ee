"""Send the tasks waiting in the outbox (cms/outbox.py) now, instead of at Celery beat's next pass."""

from django.core.management.base import BaseCommand

from cms.outbox import flush_pending_tasks


class Command(BaseCommand):
    help = "把代理不可用时暂存的后台任务重新投递（通常由 Celery beat 每 30 秒执行）。"

    def handle(self, *args, **options):
        sent, left = flush_pending_tasks()
        self.stdout.write(f"sent {sent}, left {left}")
        if left:
            self.stderr.write("the broker still refuses tasks: they stay in the outbox")
