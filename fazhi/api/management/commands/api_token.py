"""`fazhi api-token create USERNAME --name N` prints a new token once (only its SHA-256 is
kept); `fazhi api-token list [USERNAME]` and `fazhi api-token revoke ID` manage them."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from fazhi.api.models import ApiToken
from fazhi.org.actors import Actor


class Command(BaseCommand):
    help = "管理工作人员接口的访问令牌"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        create = sub.add_parser("create", help="为工作人员创建令牌（只显示一次）")
        create.add_argument("username")
        create.add_argument("--name", required=True, help="令牌用途，如“统计报表脚本”")
        listing = sub.add_parser("list", help="列出令牌（不显示令牌本身）")
        listing.add_argument("username", nargs="?")
        revoke = sub.add_parser("revoke", help="吊销令牌")
        revoke.add_argument("token_id", type=int)

    def handle(self, *args, **options):
        getattr(self, "_" + options["verb"])(options)

    def _create(self, options) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"用户“{options['username']}”不存在", returncode=2)
        if Actor.for_user(user) is None or not user.is_active:
            raise CommandError(f"用户“{user.username}”不是在职的工作人员，不能创建令牌",
                               returncode=2)
        name = options["name"].strip()
        if not name or len(name) > 80:
            raise CommandError("令牌名称不能为空，且不超过80个字符", returncode=2)
        token, plain = ApiToken.issue(user, name)
        self.stderr.write(f"已为 {user.username} 创建令牌 #{token.pk}（{name}）。"
                          "令牌只显示这一次，请妥善保存：")
        self.stdout.write(plain)

    def _list(self, options) -> None:
        tokens = ApiToken.objects.select_related("user")
        if options["username"]:
            tokens = tokens.filter(user__username=options["username"])
        for t in tokens:
            status = f"已吊销 {t.revoked_at:%Y-%m-%d}" if t.revoked else "有效"
            used = f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "未使用"
            self.stdout.write(f"#{t.pk}\t{t.user.username}\t{t.name}\t{status}\t最近使用：{used}")

    def _revoke(self, options) -> None:
        token = ApiToken.objects.filter(pk=options["token_id"]).first()
        if token is None:
            raise CommandError(f"令牌 #{options['token_id']} 不存在", returncode=2)
        token.revoke()
        self.stdout.write(f"令牌 #{token.pk}（{token.name}）已吊销")
