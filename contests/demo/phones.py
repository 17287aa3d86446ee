"""Demo verified phone (load_demo, order 90; idempotent): the demo team leader (team1@shuyong.example)
gets the verified mobile number 13800000001, so that /accounts/login/sms/ can be tried at once — in
development the code is written to the console that runs the server (``make run``)."""

DEMO_PHONE = "13800000001"
LEADER_EMAIL = "team1@shuyong.example"


def load_phones(command, options):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    User = get_user_model()
    leader = User.objects.filter(email=LEADER_EMAIL).first()
    if leader is None:
        if command is not None:
            command.stdout.write("手机验证码登录演示：没有演示队长账号（需先加载大赛演示数据），跳过。")
        return []
    taken = User.objects.filter(phone=DEMO_PHONE, phone_verified_at__isnull=False).exclude(pk=leader.pk).exists()
    if not taken and not (leader.phone == DEMO_PHONE and leader.phone_verified_at):
        leader.phone, leader.phone_verified_at = DEMO_PHONE, timezone.now()
        leader.save(update_fields=["phone", "phone_verified_at"])
    if command is not None:
        command.stdout.write(f"手机验证码登录：{DEMO_PHONE}（验证码显示在控制台）")
    return []
