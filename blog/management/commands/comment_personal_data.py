import json

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from blog.models import ReaderComment


class Command(BaseCommand):
    help = (
        "A commenter's data protection request: print every comment stored under an e-mail address as JSON "
        "(--export), or anonymise them (--erase): name, e-mail, website, IP address and browser are removed, the "
        "text stays under the name “Anonym”."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--export", action="store_true")
        action.add_argument("--erase", action="store_true")

    def handle(self, *args, email, export=False, erase=False, **options):
        comments = ReaderComment.objects.filter(email__iexact=email.strip())
        if not email.strip():
            raise CommandError("Give an e-mail address.")
        if export:
            data = [
                {
                    "article": comment.article.title,
                    "url": comment.article.full_url,
                    "created_at": comment.created_at.isoformat(),
                    "status": comment.status,
                    "name": comment.name,
                    "email": comment.email,
                    "website": comment.url,
                    "ip": comment.ip,
                    "user_agent": comment.user_agent,
                    "text": comment.text,
                }
                for comment in comments.select_related("article").order_by("created_at")
            ]
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        with transaction.atomic():
            count = comments.update(name="Anonym", email="", url="", ip=None, user_agent=None)
        self.stdout.write(f"Anonymised {count} comments.")
