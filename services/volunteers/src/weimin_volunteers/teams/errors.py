from weimin_kit.errors import Conflict, Forbidden


class AlreadyMember(Conflict):
    code = "already-member"
    title = "Already a member of this team, or already asked"
    title_zh = "已是该队成员，或已申请"


class InvitationOnly(Forbidden):
    code = "team-invitation-only"
    title = "This team takes members by invitation only"
    title_zh = "该队只通过邀请吸收成员"


class NothingToApprove(Conflict):
    code = "nothing-to-approve"
    title = "No pending request or invitation for this volunteer"
    title_zh = "该志愿者没有待处理的申请或邀请"
