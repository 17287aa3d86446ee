"""Create demo content in Chinese; safe to run again (each loader creates only what is missing)."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import autodiscover_modules

from cms.registry import demo_loaders


class Command(BaseCommand):
    help = "创建演示数据（可重复运行，不会重复创建）。数量参数用于性能测试。"

    def add_arguments(self, parser):
        parser.add_argument("--scenes", type=int, default=None, help="应用场景数量（默认约 60）")
        parser.add_argument("--solutions", type=int, default=None, help="解决方案数量（默认约 20）")
        parser.add_argument("--teams", type=int, default=None, help="参赛团队数量（默认约 40）")
        parser.add_argument("--resources", type=int, default=None, help="数据资源总数（默认约 24；可到 150000）")
        parser.add_argument("--judges", type=int, default=None, help="评委数量（默认约 15）")
        parser.add_argument("--seed", type=int, default=2026, help="随机种子，保证结果可重复")

    def handle(self, *args, **options):
        autodiscover_modules("demo")
        logins = []
        for loader in demo_loaders:
            with transaction.atomic():
                logins.extend(loader(self, options) or [])
        self.stdout.write(self.style.SUCCESS("演示数据已就绪。"))
        self.stdout.write("演示账号（邮箱 / 密码）：")
        for role, email, password in logins:
            self.stdout.write(f"  {role:<18} {email} / {password}")
