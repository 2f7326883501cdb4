import json

from django.core.management.base import BaseCommand, CommandError

from blog.comments import personal_data


class Command(BaseCommand):
    help = (
        "A commenter's data protection request: print every comment and subscription stored under an e-mail address "
        "as JSON (--export), or erase them (--erase): comments are anonymised (name, e-mail, website, IP address and "
        "browser removed, the text stays under the name “Anonym”) or, with --delete, deleted; subscriptions are "
        "deleted. The admin's Settings → Data-protection requests does the same with a confirmation mail."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--export", action="store_true")
        action.add_argument("--erase", action="store_true")
        parser.add_argument("--delete", action="store_true", help="With --erase: delete the comments.")

    def handle(self, *args, email, export=False, erase=False, delete=False, **options):
        if not email.strip():
            raise CommandError("Give an e-mail address.")
        if export:
            data = personal_data.collect(email)
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        count = personal_data.erase(email, delete=delete)
        self.stdout.write(f"{'Deleted' if delete else 'Anonymised'} {count} comments.")
