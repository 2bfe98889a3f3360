from weimin_kit.errors import Conflict, Forbidden, InvalidInput, PreconditionFailed


class UnknownCategory(InvalidInput):
    code = "unknown-category"
    title = "No such incident category"
    title_zh = "没有此事件类别"


class IllegalTransition(Conflict):
    code = "illegal-transition"
    title = "The incident cannot take that step from its current state"
    title_zh = "事件当前状态不允许此操作"


class EscalationExhausted(Conflict):
    code = "escalation-exhausted"
    title = "The incident is already at the highest level"
    title_zh = "事件已在最高层级"


class LevelTooLow(Conflict):
    code = "incident-above-your-level"
    title = "The incident was escalated above your level"
    title_zh = "事件已上报至您的层级之上"


class OwnReportNeedsConfirmation(Forbidden):
    """Whoever reported an incident does not also confirm that it is fixed: a return visit
    and the verification come from somebody else, in practice the community's staff."""

    code = "own-report-needs-confirmation"
    title = "You reported this incident: community staff confirm and close it on a return visit"
    title_zh = "这是您本人上报的事件，须由社区人员回访确认并办结"


class ReturnVisitExists(Conflict):
    code = "return-visit-exists"
    title = "The incident already had its return visit"
    title_zh = "该事件已回访"


class IncidentVersionMismatch(PreconditionFailed):
    code = "version-mismatch"
    title = "The incident changed since you read it"
    title_zh = "事件在您读取后已被修改"
