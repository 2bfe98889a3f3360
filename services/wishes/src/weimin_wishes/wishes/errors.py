from weimin_kit.errors import Conflict, Forbidden, NotFound


class WishNotFound(NotFound):
    code = "wish-not-found"
    title = "No such wish"


class WishAlreadyClaimed(Conflict):
    code = "wish-already-claimed"
    title = "Someone else has already claimed this wish"


class WishTransitionNotAllowed(Conflict):
    code = "wish-transition-not-allowed"
    title = "The wish is not in a state that allows this"


class ClaimRuleNotMet(Forbidden):
    code = "claim-rule-not-met"
    title = "This wish is reserved for other claimers"


class NotTheClaimer(Forbidden):
    code = "not-the-claimer"
    title = "Only the claimer may do this"


class NotAllowedToConfirm(Forbidden):
    code = "not-allowed-to-confirm"
    title = "Only the beneficiary or staff of the wish's grid may confirm it"
