from django.db import migrations

GROUPS = ("Moderators", "Editors")
PERMISSIONS = {
    "view_readercomment": "Can view reader comment",
    "change_readercomment": "Can change reader comment",
    "delete_readercomment": "Can delete reader comment",
}
CODENAMES = tuple(PERMISSIONS)


def grant(apps, schema_editor):
    """Wagtail's Moderators and Editors groups moderate reader comments; other groups are left alone."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    # Django creates permissions only after all migrations have run; create ours now, as it would.
    content_type, _created = ContentType.objects.get_or_create(app_label="blog", model="readercomment")
    permissions = [
        Permission.objects.get_or_create(content_type=content_type, codename=codename, defaults={"name": name})[0]
        for codename, name in PERMISSIONS.items()
    ]
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = list(Permission.objects.filter(content_type__app_label="blog", codename__in=CODENAMES))
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0002_reader_comments"),
        ("wagtailcore", "0001_squashed_0016_change_page_url_path_to_text_field"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
