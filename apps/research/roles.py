"""The `researchers` group: who may add, change and delete which records.

Researchers add and change every domain record (people, sources, analysis, debate, tags).
They delete only what the "Recently deleted" page can bring back, which is every record
with history, except the printed structure of the analysis itself: an issue, its analysts,
chapters, bylines, paragraph summaries and footnotes mirror the printed text and are never
deleted by a researcher (a footnote's links to publications, ``Citation``, are deletable).
They also stage, review and publish new issues (the drafts of ``ingest``, which have no
history and are not deleted by them either).

The group is created by a data migration and kept in sync after every ``migrate`` so new
models get their permissions without a hand-edited group.
"""

RESEARCHERS = "researchers"
DOMAIN_APPS = ("people", "sources", "analysis", "debate", "taggit")
REVIEW_APPS = ("ingest",)
NOT_DELETABLE = frozenset(
    {
        "analysis.analysis",
        "analysis.analyst",
        "analysis.chapter",
        "analysis.chapteranalyst",
        "analysis.paragraph",
        "analysis.footnote",
    }
)


def researcher_permissions(permission_model):
    """The permissions the group should hold, given the Permission model (live or historical)."""
    permissions = (
        permission_model.objects.filter(content_type__app_label__in=DOMAIN_APPS + REVIEW_APPS)
        .exclude(content_type__model__startswith="historical")
        .select_related("content_type")
    )
    wanted = []
    for permission in permissions:
        action = permission.codename.split("_", 1)[0]
        label = f"{permission.content_type.app_label}.{permission.content_type.model}"
        if action in {"add", "change", "view"} or (
            action == "delete"
            and label not in NOT_DELETABLE
            and permission.content_type.app_label not in REVIEW_APPS
        ):
            wanted.append(permission)
    return wanted


def grant(group_model, permission_model):
    group, _ = group_model.objects.get_or_create(name=RESEARCHERS)
    group.permissions.set(researcher_permissions(permission_model))
    return group


def sync_researchers_group(sender, using="default", **kwargs):
    """post_migrate: give the group the permissions of models added since its migration."""
    from django.contrib.auth.models import Group, Permission

    if Group.objects.using(using).filter(name=RESEARCHERS).exists():
        grant(Group, Permission)
