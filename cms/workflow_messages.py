"""A confirmation after a moderator approves or rejects a page in the workflow.

Wagtail's workflow action view (used by the dashboard's “等待您审核” panel and the page header's
审核 buttons) performs the action and redirects without a word, and the editor's 审核 menu only
says “页面已更新”, so the moderator cannot tell whether the click counted. These views say what
happened, in the admin language, once the task has moved on.
"""

from django.utils.translation import gettext as _
from wagtail.admin import messages
from wagtail.admin.utils import get_latest_str
from wagtail.admin.views.pages.edit import EditView
from wagtail.admin.views.pages.search import SearchView
from wagtail.admin.views.pages.workflow import WorkflowActionView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page, TaskState, WorkflowState


def workflow_outcome_message(page, task_state):
    """The sentence for a task state that has just been approved or rejected (None otherwise)."""
    task_state.refresh_from_db()
    workflow_state = task_state.workflow_state
    workflow_state.refresh_from_db()
    values = {"title": get_latest_str(page), "task": task_state.task.name}
    if task_state.status == TaskState.STATUS_REJECTED:
        return _("已退回“%(title)s”（%(task)s）。编辑修改后可以重新提交审核。") % values
    if task_state.status != TaskState.STATUS_APPROVED:
        return None
    if workflow_state.status == WorkflowState.STATUS_APPROVED:
        return _("“%(title)s”已审核通过并发布。") % values
    next_task = workflow_state.current_task_state
    values["next"] = next_task.task.name if next_task else ""
    return _("“%(title)s”已通过“%(task)s”，进入下一审核环节“%(next)s”。") % values


class WorkflowActionWithMessageView(WorkflowActionView):
    def post(self, request, *args, **kwargs):
        was_in_progress = self.task_state.status == TaskState.STATUS_IN_PROGRESS
        response = super().post(request, *args, **kwargs)
        message = workflow_outcome_message(self.object, self.task_state) if was_in_progress else None
        if message:
            messages.success(request, message)
        return response


class EditWithWorkflowMessageView(EditView):
    """The editor's own 审核 menu (approve with a comment, reject): say what the action did, not
    Wagtail's “页面已更新”."""

    def perform_workflow_action(self):
        self.acted_task_state = self.page.current_workflow_task_state
        return super().perform_workflow_action()

    def add_save_confirmation_message(self):
        task_state = getattr(self, "acted_task_state", None)
        message = workflow_outcome_message(self.page, task_state) if task_state is not None else None
        if message:
            messages.success(self.request, message)
        else:
            super().add_save_confirmation_message()


class PageSearchView(SearchView):
    # Wagtail's page search names no model, and its results count reads “1-2 of 2 None”.
    verbose_name = Page._meta.verbose_name
    verbose_name_plural = Page._meta.verbose_name_plural


class ShuyongPageViewSet(PageViewSet):
    """The admin views of every page type. A viewset for one page type should subclass this one,
    or its pages lose the workflow confirmation and the page search's wording."""

    name = "shuyong_pages"
    workflow_action_view_class = WorkflowActionWithMessageView
    edit_view_class = EditWithWorkflowMessageView
    search_view_class = PageSearchView
