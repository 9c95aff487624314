"""Upload a partnership document, then review, edit and accept what it proposes.

Thin: the permission, reads through `queries`, writes through `services`, the template.
"""

import dataclasses
from typing import Any

from django.contrib import messages
from django.forms import BaseForm
from django.forms.utils import ErrorDict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView

from safeguarding.accounts.requests import SignedInPageMixin
from safeguarding.assist import queries, services
from safeguarding.assist.forms import (
    ImportUploadForm,
    PlannedWorkFormSet,
    PriorityFormSet,
    ReviewYearForm,
    StrandFormSet,
    learning_formset,
    priority_titles,
)
from safeguarding.assist.importing.extract import ImportRefused
from safeguarding.assist.importing.proposal import Proposal
from safeguarding.assist.importing.stored import ProposalUnreadable, proposal_from_json
from safeguarding.assist.markup import MarkUpRefused, passage_marked
from safeguarding.assist.model import embedder_load, embedder_status
from safeguarding.assist.models import DocumentImport
from safeguarding.assist.origins import ORIGIN, origin_of, origin_sent, proposed_index, provenance
from safeguarding.assist.repeats import Repeat
from safeguarding.assist.reshape import KINDS, ReshapeRefused, reshaped


class ImportUploadView(SignedInPageMixin, FormView[ImportUploadForm]):
    permission_required = "assist.import_document"
    template_name = "assist/import_upload.html"
    form_class = ImportUploadForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["imports"] = queries.document_imports_recent(user=self.person)
        return context

    def form_valid(self, form: ImportUploadForm) -> HttpResponse:
        upload = form.cleaned_data["document"]
        limit = 10 * 1024 * 1024
        if upload.size > limit:
            # Refused before reading, so an oversized upload never reaches memory whole.
            form.add_error("document", f"{upload.name} is larger than 10 MB")
            return self.form_invalid(form)
        try:
            document = services.document_import_read(
                actor=self.person,
                name=upload.name,
                data=upload.read(),
            )
        except ImportRefused as error:
            form.add_error("document", str(error))
            return self.form_invalid(form)
        return redirect("assist:import-review", pk=document.pk)


UNREADABLE = (
    "What was proposed for {name} cannot be read ({problem}), so nothing can be created "
    "from it. Discard it and upload the document again."
)


class ImportReviewView(SignedInPageMixin, TemplateView):
    """One screen to check, edit and accept (or discard) everything a document proposes."""

    permission_required = "assist.import_document"
    template_name = "assist/import_review.html"

    def document(self) -> DocumentImport:
        return queries.document_import_get(user=self.person, pk=self.kwargs["pk"])

    def build(self, document: DocumentImport, data: Any = None) -> dict[str, Any]:
        try:
            proposal = proposal_from_json(document.proposal)
        except ProposalUnreadable as error:
            unreadable = UNREADABLE.format(name=document.original_name, problem=error)
            return {"document": document, "unreadable": unreadable}
        return {"document": document, "proposal": proposal, **review_forms(proposal, data)}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(kwargs.get("built") or self.build(self.document()))
        # Marking up has read the passages already; only then are they passed in.
        passages = kwargs.get("passages")
        if passages is None:
            passages = queries.document_passages(document=context["document"])
        context["passages"] = list(enumerate(passages))
        context["reshape_kinds"] = KINDS.values()
        if "proposal" in context:
            proposal = context["proposal"]
            repeats_marked(context, queries.document_import_repeats(proposal=proposal))
            context["model_notice"] = model_notice(proposal)
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        document = self.document()
        if document.status != DocumentImport.Status.PROPOSED:
            messages.error(
                request,
                f"{document.original_name} has already been "
                f"{document.get_status_display().lower()}; nothing more was created",
            )
            return redirect("assist:import-review", pk=document.pk)
        if request.POST.get("decision") == "discard":
            try:
                services.document_import_discard(actor=self.person, document=document)
            except ImportRefused as error:
                messages.error(request, str(error))
                return redirect("assist:import-review", pk=document.pk)
            messages.success(
                request, f"{document.original_name} was set aside; nothing was created"
            )
            return redirect("assist:import")
        if mark := request.POST.get("mark"):
            return self.mark_up(document, mark)
        if action := request.POST.get("reshape"):
            return self.reshape(document, action)
        built = self.build(document, request.POST)
        if "unreadable" in built:
            context = self.get_context_data(built=built)
            return self.render_to_response(context, status=400)
        forms = [built["year_form"], built["priorities"], built["strands"]]
        forms += [built["planned_work"], built["learning_points"]]
        errors = review_errors(built)
        if not all(form.is_valid() for form in forms) or errors:
            context = self.get_context_data(built=built, review_errors=errors)
            return self.render_to_response(context, status=400)
        try:
            accepted = services.document_import_accept(
                actor=self.person,
                document=document,
                year=built["year_form"].chosen_year(),
                items=accepted_items(built),
            )
        except ImportRefused as error:
            context = self.get_context_data(built=built, review_errors=[(str(error), "")])
            return self.render_to_response(context, status=400)
        made = ", ".join(f"{n} {what}" for what, n in accepted.counts.items() if n)
        messages.success(request, f"Created {made or 'nothing'} in {accepted.year.label}")
        return redirect(f"{reverse('governance:plan')}?year={accepted.year.pk}")

    def mark_up(self, document: DocumentImport, mark: str) -> HttpResponse:
        """Add a passage the rules missed as a new item, keeping every correction made."""
        passages = queries.document_passages(document=document)
        try:
            marked = passage_marked(data=self.request.POST, passages=passages, mark=mark)
        except MarkUpRefused as error:
            built = self.build(document, self.request.POST)
            # The summary's link goes to the document, to choose the passage again.
            errors = [(str(error), "document")]
            context = self.get_context_data(built=built, review_errors=errors, passages=passages)
            return self.render_to_response(context, status=400)
        built = self.build(document, marked.data)
        if "unreadable" in built:
            context = self.get_context_data(built=built, passages=passages)
            return self.render_to_response(context, status=400)
        quietly(built)
        context = self.get_context_data(built=built, added=marked, passages=passages)
        return self.render_to_response(context)

    def reshape(self, document: DocumentImport, action: str) -> HttpResponse:
        """Make an item another kind, merge it or split it, keeping every correction made."""
        passages = queries.document_passages(document=document)
        built = self.build(document, self.request.POST)
        if "unreadable" in built:
            context = self.get_context_data(built=built, passages=passages)
            return self.render_to_response(context, status=400)
        try:
            changed = reshaped(
                data=self.request.POST,
                action=action,
                proposal=built["proposal"],
                passages=passages,
            )
        except ReshapeRefused as error:
            quietly(built)
            errors = [(error.message, error.target)]
            context = self.get_context_data(built=built, review_errors=errors, passages=passages)
            return self.render_to_response(context, status=400)
        built = self.build(document, changed.data)
        quietly(built)
        context = self.get_context_data(built=built, reshaped=changed, passages=passages)
        return self.render_to_response(context)


def quietly(built: dict[str, Any]) -> None:
    """Clear what the forms would say is wrong: marking up a passage is not accepting,
    so nothing is checked until the person accepts (then every problem is said)."""
    for key in ("year_form", "priorities", "strands", "planned_work", "learning_points"):
        forms = built[key].forms if hasattr(built[key], "forms") else [built[key]]
        for form in forms:
            form.full_clean()
            form._errors = ErrorDict()
        if hasattr(built[key], "forms"):
            built[key].full_clean()
            built[key]._non_form_errors = built[key].error_class()


# The review screen's formsets, by the kind repeats.py names them.
REPEAT_KINDS = {"priorities": "priorities", "planned_work": "work", "learning_points": "learning"}


def repeats_marked(built: dict[str, Any], repeats: dict[tuple[str, int], Repeat]) -> None:
    """Give each item that repeats a record already held the words saying so, while it
    is still the kind it was proposed as."""
    for kind, prefix in REPEAT_KINDS.items():
        formset = built[kind]
        for number, form in enumerate(formset.forms):
            origin = origin_sent(form.data if form.is_bound else None, prefix, number)
            index = proposed_index(origin, prefix)
            repeat = repeats.get((kind, index)) if index is not None else None
            form.repeat = repeat.message if repeat else ""


def model_notice(proposal: Proposal) -> str:
    """What the screen says of the local model's part: still reading, or not installed.

    Once the proposal's embeddings are stored the model has nothing left to say, and the
    web process need not load it only to find that out.
    """
    if queries.document_import_embedded(proposal=proposal):
        return ""
    if embedder_load() is None:
        return f"{embedder_status()}: repeats are found by the same words only."
    return (
        "The local model is still reading this document. Proposals that mean nearly "
        "the same as records already held are marked once it has: refresh the page."
    )


def review_forms(proposal: Proposal, data: Any = None) -> dict[str, Any]:
    """The review screen's forms, each starting from what the document proposes and
    saying where in the document it came from and why."""
    forms = _review_forms(proposal, data)
    for key in ("priorities", "strands", "planned_work", "learning_points"):
        formset = forms[key]
        for number, form in enumerate(formset.forms):
            # The item may have been moved, merged or split: its origin says which it is.
            origin = origin_sent(form.data if form.is_bound else None, formset.prefix, number)
            form.source, form.reason = provenance(proposal, origin, formset.prefix)
    return forms


def _review_forms(proposal: Proposal, data: Any = None) -> dict[str, Any]:
    proposed_titles = [priority.title for priority in proposal.priorities]
    label = proposal.year_label or ""
    return {
        "year_form": ReviewYearForm(
            data,
            prefix="year",
            initial={"year": queries.year_labelled(label), "new_label": label},
        ),
        "priorities": PriorityFormSet(
            data,
            prefix="priorities",
            initial=[
                {"keep": True, ORIGIN: origin_of("priorities", number), **dataclasses.asdict(p)}
                for number, p in enumerate(proposal.priorities)
            ],
        ),
        "strands": StrandFormSet(
            data,
            prefix="strands",
            form_kwargs={"priority_titles": priority_titles(data, proposed_titles)},
            initial=[
                {
                    "keep": True,
                    ORIGIN: origin_of("strands", number),
                    "title": strand.title,
                    "priority": str(proposed_titles.index(strand.priority_title))
                    if strand.priority_title in proposed_titles
                    else "",
                }
                for number, strand in enumerate(proposal.strands)
            ],
        ),
        "planned_work": PlannedWorkFormSet(
            data,
            prefix="work",
            initial=[
                {"keep": True, ORIGIN: origin_of("work", number), **dataclasses.asdict(w)}
                for number, w in enumerate(proposal.planned_work)
            ],
        ),
        "learning_points": learning_formset(data, proposal.learning_points),
    }


def kept(formset: Any) -> list[dict[str, Any]]:
    return [form.cleaned_data for form in formset.forms if form.kept()]


def review_errors(built: dict[str, Any]) -> list[tuple[str, str]]:
    """Every problem on the screen as (message, id of the field), for one error summary."""
    found: list[tuple[str, str]] = []
    sections = [
        ("Year", [built["year_form"]]),
        ("Priority", built["priorities"].forms),
        ("Strand", built["strands"].forms),
        ("Planned work", built["planned_work"].forms),
        ("Learning point", built["learning_points"].forms),
    ]
    for section, forms in sections:
        for number, form in enumerate(forms, start=1):
            found += _form_errors(form, section if section == "Year" else f"{section} {number}")
    for key in ("priorities", "strands", "planned_work", "learning_points"):
        # A formset whose counts were lost or tampered with cannot be matched to the items.
        found += [
            (f"{message} Reload the page and try again", "")
            for message in built[key].non_form_errors()
        ]
    # Read from what was sent, so this is said even while other fields are wrong.
    priorities = built["priorities"].forms
    for number, form in enumerate(built["strands"].forms, start=1):
        chosen = form.data.get(form.add_prefix("priority"), "")
        owner = (
            priorities[int(chosen)] if chosen.isdigit() and int(chosen) < len(priorities) else None
        )
        if form.sent_as_kept() and (owner is None or not owner.sent_as_kept()):
            found.append(
                (
                    f"Strand {number}: its priority is not kept; keep the priority "
                    "or choose another",
                    form["priority"].auto_id,
                )
            )
    return found


def _form_errors(form: BaseForm, where: str) -> list[tuple[str, str]]:
    if not form.is_bound or form.is_valid():
        return []
    return [
        (f"{where}: {message}", form[name].auto_id if name in form.fields else "")
        for name, messages_ in form.errors.items()
        for message in messages_
    ]


def accepted_items(built: dict[str, Any]) -> services.AcceptedItems:
    priority_forms = built["priorities"].forms
    return services.AcceptedItems(
        priorities=[
            {"title": p["title"], "golden_thread": p["golden_thread"]}
            for p in kept(built["priorities"])
        ],
        strands=[
            {
                "title": s["title"],
                "priority_title": priority_forms[int(s["priority"])].cleaned_data["title"],
            }
            for s in kept(built["strands"])
        ],
        planned_work=[
            {
                "title": w["title"],
                "kind": w["kind"],
                "owner_group": w["owner_group"],
                "golden_thread": w["golden_thread"],
            }
            for w in kept(built["planned_work"])
        ],
        learning_points=[
            {
                "theme": p["theme"],
                "summary": p["summary"],
                "detail": p["detail"],
                "owning_group": p["owning_group"],
                "expectation": p["expectation"],
                "golden_thread": p["golden_thread"],
            }
            for p in kept(built["learning_points"])
        ],
    )
