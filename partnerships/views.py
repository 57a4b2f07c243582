from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from . import selectors


@login_required
def community_list(request):
    communities = selectors.communities_for_user(actor=request.user)
    return render(request, "partnerships/community_list.html", {"communities": communities})


@login_required
def community_detail(request, slug: str):
    community = selectors.community_get(actor=request.user, slug=slug)
    members = (
        community.partnership.members.select_related("organisation").order_by(
            "-is_community_leader", "person_name"
        )
        if hasattr(community, "partnership")
        else []
    )
    return render(
        request,
        "partnerships/community_detail.html",
        {"community": community, "members": members},
    )
