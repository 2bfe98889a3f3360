from weimin_kit.errors import Conflict, Forbidden


class AlreadyMember(Conflict):
    code = "already-member"
    title = "Already a member of this team, or already asked"


class InvitationOnly(Forbidden):
    code = "team-invitation-only"
    title = "This team takes members by invitation only"


class NothingToApprove(Conflict):
    code = "nothing-to-approve"
    title = "No pending request or invitation for this volunteer"
