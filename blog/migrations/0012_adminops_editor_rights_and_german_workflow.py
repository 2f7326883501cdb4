import django.utils.timezone
from django.db import migrations, models

# WordPress's Editor role manages categories, tags and authors; Wagtail's Editors and Moderators get the same here,
# and the site's redirects and promoted search results, which editors keep up when they rename an article.
GROUPS = ("Moderators", "Editors")
PERMISSIONS = {
    ("blog", "category"): "category",
    ("blog", "tag"): "tag",
    ("blog", "author"): "author",
    ("wagtailredirects", "redirect"): "redirect",
    ("wagtailsearchpromotions", "searchpromotion"): "search promotion",
    ("wagtailsearchpromotions", "query"): "query",
}
ACTIONS = ("add", "change", "delete", "view")

# Wagtail's default workflow and its task are data named in English. The submit button reads „Zur Freigabe
# einreichen“ (our catalogue's „Zur %(workflow_name)s einreichen“).
WORKFLOW_NAMES = {"Moderators approval": "Freigabe"}
TASK_NAMES = {"Moderators approval": "Freigabe durch die Moderation"}


def permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    result = []
    for (app_label, model), verbose_name in PERMISSIONS.items():
        # Django creates permissions only after all migrations have run; create ours now, as it would.
        content_type, _created = ContentType.objects.get_or_create(app_label=app_label, model=model)
        for action in ACTIONS:
            permission, _created = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {verbose_name}"},
            )
            result.append(permission)
    return result


def rename(apps, workflows, tasks):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    # Only names nobody has changed since Wagtail created them.
    for old, new in workflows.items():
        Workflow.objects.filter(name=old).update(name=new)
    for old, new in tasks.items():
        Task.objects.filter(name=old).update(name=new)


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    granted = permissions(apps)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*granted)
    rename(apps, WORKFLOW_NAMES, TASK_NAMES)


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    granted = permissions(apps)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*granted)
    rename(
        apps,
        {new: old for old, new in WORKFLOW_NAMES.items()},
        {new: old for old, new in TASK_NAMES.items()},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0011_coldpages_stored_related"),
        ("wagtailcore", "0048_add_default_workflows"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterField(
            model_name="articlepage",
            name="date",
            field=models.DateField(
                default=django.utils.timezone.localdate,
                help_text=(
                    "Shown above the article and used for sorting. To publish it later, use “Set schedule” under "
                    "“Status” in the side panel."
                ),
                verbose_name="publication date",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
