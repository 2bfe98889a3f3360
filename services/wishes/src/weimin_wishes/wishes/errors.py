from weimin_kit.errors import Conflict, Forbidden, NotFound


class WishNotFound(NotFound):
    code = "wish-not-found"
    title = "No such wish"
    title_zh = "没有此心愿"


class WishAlreadyClaimed(Conflict):
    code = "wish-already-claimed"
    title = "Someone else has already claimed this wish"
    title_zh = "该心愿已被他人认领"


class WishTransitionNotAllowed(Conflict):
    code = "wish-transition-not-allowed"
    title = "The wish is not in a state that allows this"
    title_zh = "心愿当前状态不允许此操作"


class ClaimRuleNotMet(Forbidden):
    code = "claim-rule-not-met"
    title = "This wish is reserved for other claimers"
    title_zh = "该心愿保留给其他认领人"


class NotTheClaimer(Forbidden):
    code = "not-the-claimer"
    title = "Only the claimer may do this"
    title_zh = "只有认领人可以这样做"


class NotAllowedToConfirm(Forbidden):
    code = "not-allowed-to-confirm"
    title = "Only the beneficiary or staff of the wish's grid may confirm it"
    title_zh = "只有受益人或该心愿所在网格的工作人员可以确认"
