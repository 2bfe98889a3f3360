from weimin_kit.errors import Conflict, InvalidInput


class TaskNotOpen(Conflict):
    code = "task-not-open"
    title = "The task is no longer open for this"


class NoPendingOffer(Conflict):
    code = "no-pending-offer"
    title = "You have no pending offer for this task"


class NotQualified(Conflict):
    code = "not-qualified"
    title = "The volunteer lacks the task's skill or a valid certificate for it"


class RoundRobinNeedsTeam(InvalidInput):
    code = "round-robin-needs-team"
    title = "Round-robin dispatch needs a team"


class TaskSourceTaken(Conflict):
    code = "task-source-taken"
    title = "A task was already opened for this source"
