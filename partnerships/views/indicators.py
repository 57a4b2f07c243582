"""Shared measurement pages: the dashboard, an indicator's values, imports from CSV."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.forms import form_page, posted

from .. import charts, forms, selectors, services
from .base import GET_POST, governance_context, guard_edit


@login_required
def dashboard(request, slug: str):
    partnership = selectors.partnership_get(actor=request.user, slug=slug)
    rows = []
    for indicator in selectors.indicators_for(partnership=partnership):
        values = list(indicator.values.all())
        latest = values[-1] if values else None
        rows.append(
            {
                "indicator": indicator,
                "latest": latest,
                "meets_target": indicator.meets_target(latest.value if latest else None),
                "chart": charts.indicator_chart(indicator, values),
            }
        )
    return render(
        request,
        "partnerships/dashboard.html",
        governance_context(request, partnership, rows=rows),
    )


@login_required
@GET_POST
def indicator_create(request, slug: str):
    partnership = selectors.partnership_get(actor=request.user, slug=slug)
    guard_edit(request, partnership.community, always=True)
    return form_page(
        request,
        form=forms.IndicatorForm(*posted(request), partnership=partnership),
        template="partnerships/form_page.html",
        context=governance_context(request, partnership, heading=_("Add an indicator")),
        save=lambda data: services.indicator_create(
            actor=request.user, partnership=partnership, **data
        ),
        success=_("Saved."),
        next_url=lambda indicator: reverse(
            "partnerships:indicator_detail", kwargs={"slug": slug, "pk": indicator.pk}
        ),
    )


@login_required
@GET_POST
def indicator_detail(request, slug: str, pk: int):
    """Two forms: a value typed in, or the value computed for a period (``form=compute``)."""
    indicator = selectors.indicator_get(actor=request.user, slug=slug, pk=pk)
    guard_edit(request, indicator.community)
    computing = request.POST.get("form") == "compute"
    value_form = forms.IndicatorValueForm(*(() if computing else posted(request)))
    compute_form = forms.IndicatorComputeForm(*(posted(request) if computing else ()))

    def save(data):
        if computing:
            return services.indicator_compute(actor=request.user, indicator=indicator, **data)
        return services.indicator_value_record(actor=request.user, indicator=indicator, **data)

    values = list(indicator.values.all())
    return form_page(
        request,
        form=compute_form if computing else value_form,
        template="partnerships/indicator_detail.html",
        context=governance_context(
            request,
            indicator.partnership,
            indicator=indicator,
            values=values,
            chart=charts.indicator_chart(indicator, values),
            value_form=value_form,
            compute_form=compute_form if indicator.source_key else None,
        ),
        save=save,
        success=_("Value recorded."),
        next_url=reverse("partnerships:indicator_detail", kwargs={"slug": slug, "pk": pk}),
    )


@login_required
@GET_POST
def indicator_import(request, slug: str):
    """A CSV file of values: every row or none; a refusal lists each rejected row."""
    partnership = selectors.partnership_get(actor=request.user, slug=slug)
    guard_edit(request, partnership.community)
    context = governance_context(request, partnership, report=None)

    def save(data):
        report = services.indicator_values_import(
            actor=request.user, partnership=partnership, csv_text=data["file"]
        )
        if not report.ok:
            context["report"] = report
            raise ValidationError(
                {"file": _("Correct the rows listed above and upload the file again.")}
            )
        messages.success(
            request, _("Imported %(imported)s values.") % {"imported": report.imported}
        )
        return report

    return form_page(
        request,
        form=forms.IndicatorImportForm(*posted(request)),
        template="partnerships/indicator_import.html",
        context=context,
        save=save,
        next_url=reverse("partnerships:dashboard", kwargs={"slug": slug}),
    )
