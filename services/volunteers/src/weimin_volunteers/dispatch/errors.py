from weimin_kit.errors import Conflict, InvalidInput


class TaskNotOpen(Conflict):
    code = "task-not-open"
    title = "The task is no longer open for this"
    title_zh = "该任务已不再开放"


class NoPendingOffer(Conflict):
    code = "no-pending-offer"
    title = "You have no pending offer for this task"
    title_zh = "您没有此任务的待回复派单"


class NotQualified(Conflict):
    code = "not-qualified"
    title = "The volunteer lacks the task's skill or a valid certificate for it"
    title_zh = "该志愿者缺少任务所需技能或有效证书"


class RoundRobinNeedsTeam(InvalidInput):
    code = "round-robin-needs-team"
    title = "Round-robin dispatch needs a team"
    title_zh = "轮流派单需要指定队伍"


class TaskSourceTaken(Conflict):
    code = "task-source-taken"
    title = "A task was already opened for this source"
    title_zh = "已为此来源创建过任务"
