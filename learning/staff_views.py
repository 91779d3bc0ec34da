"""Staff pages: a workshop's learning results and settings, and the office's library of
question sets (new, edit, copy). Every page goes through offices.permissions: another office's
workshop or set is a 404, a viewer asking to change something a 403."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.forms import formset_factory
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.charts import bar_chart
from core.exporting import FORMATS
from learning import selectors
from learning.exporters import LearningResultsExporter
from learning.forms import LearningSettingsForm, QuestionForm, QuestionSetForm, question_initial
from learning.models import LearningSettings, Question, QuestionSet
from learning.results import workshop_learning_results
from learning.services import (
    learning_settings_save,
    options_replace,
    question_set_copy,
    question_set_version_for_edit,
)
from offices.permissions import staff_required
from workshops.access import workshop_for_staff

DOWNLOAD_FORMATS = ("csv", "xlsx")


@staff_required
def learning_results(request: HttpRequest, slug: str) -> HttpResponse:
    workshop = workshop_for_staff(request.staff_access, slug=slug)
    results = workshop_learning_results(workshop=workshop)
    return render(
        request,
        "learning/staff/results.html",
        {
            "workshop": workshop,
            "results": results,
            "gain_chart": bar_chart(results.gain_bars()),
            "can_manage": request.staff_access.can_manage_office(workshop.office_id),
        },
    )


@staff_required
def learning_results_download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    workshop = workshop_for_staff(request.staff_access, slug=slug)
    if fmt not in DOWNLOAD_FORMATS or fmt not in FORMATS:
        raise Http404
    results = workshop_learning_results(workshop=workshop)
    export = LearningResultsExporter(workshop=workshop, results=results).render(fmt)
    response = HttpResponse(b"".join(export.chunks), content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response


@staff_required
def learning_settings_edit(request: HttpRequest, slug: str) -> HttpResponse:
    workshop = workshop_for_staff(request.staff_access, slug=slug, manage=True)
    instance = LearningSettings.objects.filter(workshop=workshop).first() or LearningSettings(
        workshop=workshop
    )
    form = LearningSettingsForm(
        request.POST if request.method == "POST" else None,
        instance=instance,
        office=workshop.office,
    )
    if request.method == "POST" and form.is_valid():
        learning_settings_save(settings=form.save(commit=False))
        messages.success(request, _("The questionnaires of this workshop are saved."))
        return redirect("staff:learning_results", slug=slug)
    return render(
        request,
        "learning/staff/settings.html",
        {"workshop": workshop, "form": form},
        status=400 if form.is_bound else 200,
    )


# ---------------------------------------------------------------------------------------
# The office's library of question sets
# ---------------------------------------------------------------------------------------


def _question_set_for(request: HttpRequest, pk: int, *, manage: bool = False) -> QuestionSet:
    question_set = get_object_or_404(
        selectors.question_sets_visible_to(request.staff_access), pk=pk
    )
    if manage and not request.staff_access.can_manage_office(question_set.office_id):
        raise PermissionDenied
    return question_set


@staff_required
def question_set_list(request: HttpRequest) -> HttpResponse:
    sets = selectors.question_sets_visible_to(request.staff_access).order_by(
        "office__name", "kind", "title"
    )
    return render(
        request,
        "learning/staff/set_list.html",
        {
            "sets": sets,
            "can_create": request.staff_access.may_manage,
            "kinds": QuestionSet.Kind.choices,
        },
    )


QuestionFormSet = formset_factory(QuestionForm, extra=1, can_delete=True, can_order=True)


def _formset(request: HttpRequest, question_set: QuestionSet | None, kind: str):
    questions = list(question_set.questions.prefetch_related("options")) if question_set else []
    initial = [
        {**question_initial(question), "ORDER": index}
        for index, question in enumerate(questions, start=1)
    ]
    return QuestionFormSet(
        request.POST if request.method == "POST" else None,
        initial=initial,
        form_kwargs={"kind": kind},
        prefix="questions",
    )


@transaction.atomic
def _save_set(*, question_set: QuestionSet, set_form: QuestionSetForm, formset) -> QuestionSet:
    """Edit the set, or its new version when it has answers (old answers keep the old one):
    the questions of the formset, in their order, replace the version's questions."""
    target = question_set_version_for_edit(question_set=question_set)
    for name, value in set_form.cleaned_data.items():
        setattr(target, name, value)
    target.save()
    target.questions.all().delete()
    kept = [
        form
        for form in formset.ordered_forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]
    for position, form in enumerate(kept):
        fields = {name: form.cleaned_data[name] for name in QuestionForm._meta.fields}
        question = Question.objects.create(question_set=target, position=position, **fields)
        if question.is_choice:
            options_replace(question=question, options=form.option_rows())
    return target


def _editor(
    request: HttpRequest, *, question_set: QuestionSet | None, kind: str, office
) -> HttpResponse:
    set_form = QuestionSetForm(
        request.POST if request.method == "POST" else None, instance=question_set
    )
    formset = _formset(request, question_set, kind)
    if request.method == "POST" and set_form.is_valid() and formset.is_valid():
        kept = [
            f for f in formset.ordered_forms if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        if not kept:
            messages.error(request, _("A question set needs at least one question."))
        else:
            if question_set is None:
                question_set = QuestionSet.objects.create(
                    office=office, kind=kind, title=set_form.cleaned_data["title_en"]
                )
            saved = _save_set(question_set=question_set, set_form=set_form, formset=formset)
            if saved.pk != question_set.pk:
                messages.success(
                    request,
                    _(
                        "People have answered this set, so your changes are version %(version)s; their answers keep the version they answered."
                    )
                    % {"version": saved.version},
                )
            else:
                messages.success(request, _("The question set is saved."))
            return redirect("staff:question_set", set_id=saved.pk)
    return render(
        request,
        "learning/staff/set_form.html",
        {
            "question_set": question_set,
            "kind_label": QuestionSet.Kind(kind).label,
            "set_form": set_form,
            "formset": formset,
            "has_answers": question_set is not None
            and selectors.question_set_has_answers(question_set=question_set),
        },
        status=400 if request.method == "POST" else 200,
    )


@staff_required
def question_set_new(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", QuestionSet.Kind.KNOWLEDGE)
    if kind not in QuestionSet.Kind.values:
        raise Http404
    if not request.staff_access.may_manage or request.staff_access.office is None:
        raise PermissionDenied
    return _editor(request, question_set=None, kind=kind, office=request.staff_access.office)


@staff_required
def question_set_edit(request: HttpRequest, set_id: int) -> HttpResponse:
    question_set = _question_set_for(request, set_id, manage=request.method == "POST")
    return _editor(
        request, question_set=question_set, kind=question_set.kind, office=question_set.office
    )


@require_POST
@staff_required
def question_set_copy_view(request: HttpRequest, set_id: int) -> HttpResponse:
    question_set = _question_set_for(request, set_id)
    office = request.staff_access.office
    if office is None or not request.staff_access.can_manage_office(office.pk):
        raise PermissionDenied
    copy = question_set_copy(
        question_set=question_set,
        office=office,
        title=_("Copy of %(title)s") % {"title": question_set.title},
    )
    messages.success(request, _("Copied: you can now change your own copy."))
    return redirect("staff:question_set", set_id=copy.pk)
